"""Liveness — Node's "the process lives while something is ref'd", for threads.

nodehttp's I/O threads are daemon threads, so they never keep the interpreter
alive by themselves.  What does is one non-daemon *keeper* thread, which lives
exactly while the count of ref'd handles (a listening server, a socket in use,
a pending client request) is above zero.  When the main thread finishes, the
interpreter joins non-daemon threads: the keeper returns as soon as the count
drops to zero, and the process exits, as a Node process does when its event
loop has nothing ref'd left.
"""

import sys
import threading

_cond = threading.Condition(threading.Lock())
_count = 0
_keeper = None
_main_held = None      # the main thread, once held at its program's end


def _keep():
    global _keeper
    with _cond:
        while _count > 0:
            _cond.wait()
        _keeper = None


def ref():
    """Counts one more ref'd handle; starts the keeper when the count leaves 0."""
    global _count, _keeper
    with _cond:
        _count += 1
        if _keeper is None:
            _keeper = threading.Thread(target=_keep, name='nodehttp-keeper', daemon=False)
            _keeper.start()


def unref():
    """Counts one handle less; the keeper ends when the count reaches 0."""
    global _count
    with _cond:
        _count -= 1
        if _count <= 0:
            _count = 0
            _cond.notify_all()


def alive(thread):
    """Whether a thread can still attach listeners: is_alive(), except for
    the main thread held at its program's end (_hold_main_thread)."""
    return thread.is_alive() and thread is not _main_held


def count():
    """The number of ref'd handles (for tests)."""
    return _count


class Handle:
    """A ref'd-or-not flag for one handle, with Node's ref()/unref() semantics.

    `active` says whether the handle is alive at all (a listening server, an
    open socket); only an active, ref'd handle counts.  Idempotent both ways.
    """

    __slots__ = ('_refed', '_active', '_counted', '_lock')

    def __init__(self):
        self._refed = True
        self._active = False
        self._counted = False
        self._lock = threading.Lock()

    def _update(self):
        want = self._refed and self._active
        if want != self._counted:
            self._counted = want
            if want:
                ref()
            else:
                unref()

    def ref(self):
        with self._lock:
            self._refed = True
            self._update()

    def unref(self):
        with self._lock:
            self._refed = False
            self._update()

    def activate(self):
        with self._lock:
            self._active = True
            self._update()

    def deactivate(self):
        with self._lock:
            self._active = False
            self._update()

    @property
    def refed(self):
        return self._refed


def _hold_main_thread():
    """CPython 3.12.0 and 3.12.1 refuse to start any thread once the main
    thread has finished its script (gh-113964, fixed in 3.12.2), and a
    connection or a request needs one.  There, the main program's outermost
    frame is watched (sys.monitoring, on that one code object only) and, when
    it returns, waits until nothing is ref'd, as the keeper thread does."""
    mon = getattr(sys, 'monitoring', None)
    main = threading.main_thread()
    frame = sys._current_frames().get(main.ident) if mon is not None else None
    if frame is None:
        return
    while frame.f_back is not None:
        frame = frame.f_back
    tool = next((t for t in (4, 3) if mon.get_tool(t) is None), None)
    if tool is None:
        return
    mon.use_tool_id(tool, 'nodehttp')
    code = frame.f_code

    def on_return(c, offset, retval):
        global _main_held
        if c is code and threading.current_thread() is main:
            from . import _foreign
            _main_held = main     # it ended, as far as held events go
            _foreign.end()        # the main thread's deferred work starts first
            with _cond:
                while _count > 0:
                    _cond.wait()

    mon.register_callback(tool, mon.events.PY_RETURN, on_return)
    mon.set_local_events(tool, code, mon.events.PY_RETURN)


if sys.version_info[:3] in ((3, 12, 0), (3, 12, 1)):
    _hold_main_thread()
