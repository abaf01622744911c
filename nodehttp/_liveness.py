"""Liveness — Node's "the process lives while something is ref'd", for threads.

nodehttp's I/O threads are daemon threads, so they never keep the interpreter
alive by themselves.  What does is one non-daemon *keeper* thread, started
when the count of ref'd handles (a listening server, a socket in use, a
pending client request) first leaves zero.  When the main thread finishes,
the interpreter joins non-daemon threads: the keeper returns as soon as the
count is zero and no nodehttp thread is amid a tick (what a callback deferred
is Node's pending nextTick), and the process exits, as a Node process does
when its event loop has nothing ref'd left.  While the main program runs, the keeper stays
even at zero (blocked, never woken for nothing): a script that makes one
request at a time would otherwise start a thread per request.

Thread ends.  Node's "later tick" on a thread that is not nodehttp's (the
main script, a user's thread) waits for that thread to wait or to end
(_foreign.py), and a few one-shot events are held until someone listens or
the thread that made the request has ended (client.py, net.py).  Those waits
need to *hear* of a thread's end, not to poll for it: `thread_end()` gives
the calling thread's `ThreadEnd`, an Event plus callbacks, made once per
thread and fired when that thread ends:

- a thread other than the main one: a `threading.local` slot holds a
  sentinel whose `__del__` fires it.  CPython clears a thread's locals when
  the thread state is cleared, as the thread ends (after its target returned
  or raised; for threading.Thread and _thread.start_new_thread alike; 3.9 to
  3.13).  That runs inside the dying thread's teardown, where
  `threading.current_thread()` already does not know the thread: the
  callbacks must be brief (set an Event, write a waker pipe, put on a queue)
  and never run user code;
- the main thread: its locals live until the interpreter is finalized, too
  late.  Its end is the end of the main program: `threading._register_atexit`
  (run at the start of threading._shutdown, before non-daemon threads -- the
  keeper -- are joined), and, on 3.12.0/3.12.1, the return of the main
  program's outermost frame (_hold_main_thread), whichever comes first.
"""

import sys
import threading
import weakref

from . import _tick

_lock = threading.Lock()
_cond = threading.Condition(_lock)   # (ref/unref take _lock itself: one C call less)
_count = 0
_keeper = None
_main_held = None      # the main thread, once held at its program's end
_main_over = False     # the main program has finished (threading._shutdown began)


def _keep():
    # The keeper stays, idle, while the main program runs, even when the
    # count drops to 0: a script that makes one request at a time would
    # otherwise start a thread per request (~100 us each).  It only has to
    # be gone once the main program is over and nothing is ref'd.
    global _keeper
    with _cond:
        while not _main_over or not _settled():
            _cond.wait()
        _keeper = None


def _settled():
    """Nothing is ref'd and no nodehttp thread is amid a tick (its deferred
    work is Node's pending nextTick: a response's 'close' after the
    request's, whose listener let the last ref go).  Under _cond."""
    if _count > 0:
        _tick.on_idle = None
        return False
    _tick.on_idle = _wake_waiters   # a tick ending from now on says so
    return not _tick.busy()


def _wake_waiters():
    with _cond:
        _cond.notify_all()


def ref():
    """Counts one more ref'd handle; starts the keeper when the count leaves 0."""
    global _count, _keeper
    with _lock:
        _count += 1
        if _keeper is None:
            _keeper = threading.Thread(target=_keep, name='nodehttp-keeper', daemon=False)
            _keeper.start()


def unref():
    """Counts one handle less; the keeper ends when the count reaches 0."""
    global _count
    with _lock:
        _count -= 1
        if _count <= 0:
            _count = 0
            if _main_over:
                # (only then does anyone wait for 0: the keeper, and the
                # held main thread of 3.12.0/3.12.1; a wake-up per request
                # of a blocking loop would be a context switch for nothing)
                _cond.notify_all()


def alive(thread):
    """Whether a thread can still attach listeners: is_alive(), except for a
    thread whose end was heard already (its ThreadEnd fired: a user's thread
    in its teardown, a _thread.start_new_thread thread, which is_alive()
    never sees end on 3.9-3.11, the main thread past its program's end) and
    the main thread held at its program's end (_hold_main_thread)."""
    end = _ends.get(thread)
    if end is not None and end.ended:
        return False
    return thread.is_alive() and thread is not _main_held


def count():
    """The number of ref'd handles (for tests)."""
    return _count


# -- thread ends ------------------------------------------------------------------

class ThreadEnd:
    """The end of one thread: `event` is set, then the callbacks added with
    `add()` are called, once, when that thread ends.

    Callbacks run where the end is heard: in the dying thread's teardown (a
    thread other than the main one) or in threading._shutdown (the main
    one).  They must be brief and must not run user code."""

    __slots__ = ('event', '_callbacks', '_lock')

    def __init__(self):
        self.event = threading.Event()
        self._callbacks = []
        self._lock = threading.Lock()

    @property
    def ended(self):
        return self.event.is_set()

    def add(self, fn):
        """Calls fn() when the thread ends.  False (fn not kept, not called)
        when it has ended already."""
        with self._lock:
            if self.event.is_set():
                return False
            self._callbacks.append(fn)
        return True

    def remove(self, fn):
        """Forgets a callback added with add() (no-op if it is not there)."""
        with self._lock:
            try:
                self._callbacks.remove(fn)
            except ValueError:
                pass

    def fire(self):
        """The thread has ended: sets the event, calls the callbacks (once)."""
        with self._lock:
            if self.event.is_set():
                return
            self.event.set()
            callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            try:
                fn()
            except Exception:  # noqa: B902 -- a teardown must go on
                pass


class _Sentinel:
    """Lives in a thread-local slot of the thread it watches: CPython drops
    it when it clears that thread's state, as the thread ends."""

    __slots__ = ('end',)

    def __init__(self, end):
        self.end = end

    def __del__(self):
        self.end.fire()


_local = threading.local()
_ends = weakref.WeakKeyDictionary()     # Thread -> its ThreadEnd, once made
_ends_lock = threading.Lock()


def thread_end(thread=None):
    """The ThreadEnd of `thread` (default: the calling thread), made and
    registered on first use when that is the calling thread.  Another
    thread's is known only if it registered itself (requests and sockets are
    made on their creating thread, which registers there); else None while
    it lives, and an ended one once it does not."""
    end = getattr(_local, 'end', None)
    if end is not None and (thread is None or thread is _local.thread):
        return end
    me = threading.current_thread()
    if thread is None or thread is me:
        return _register(me)
    end = _ends.get(thread)
    if end is None and not thread.is_alive():
        end = ThreadEnd()
        end.fire()
    return end


def ended_event(thread=None):
    """A threading.Event set when `thread` (default: the calling thread)
    ends; see thread_end()."""
    end = thread_end(thread)
    return end.event if end is not None else None


def _register(me):
    main = me is threading.main_thread()
    with _ends_lock:
        end = _ends.get(me)
        if end is None or (end.ended and not main):
            # (ended: the Thread object of an earlier thread; on 3.9-3.11 a
            # _thread.start_new_thread thread inherits the _DummyThread of an
            # ended one with the same ident)
            end = _ends[me] = ThreadEnd()
    _local.end = end
    _local.thread = me
    if not main:
        _local.sentinel = _Sentinel(end)
    return end


def _main_ended():
    """threading._shutdown has begun: the main program has finished."""
    global _main_over
    with _cond:
        _main_over = True
        _cond.notify_all()      # an idle keeper ends now
    for thread in (_main, threading.main_thread()):
        end = _ends.get(thread)
        if end is not None:
            end.fire()


_main = threading.main_thread()
_ends[_main] = ThreadEnd()
try:
    threading._register_atexit(_main_ended)
except RuntimeError:          # imported while the interpreter shuts down
    _main_ended()


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
            _main_ended()         # then what waits for its end hears it
            with _cond:
                while not _settled():
                    _cond.wait()

    mon.register_callback(tool, mon.events.PY_RETURN, on_return)
    mon.set_local_events(tool, code, mon.events.PY_RETURN)


if sys.version_info[:3] in ((3, 12, 0), (3, 12, 1)):
    _hold_main_thread()
