"""Liveness — Node's "the process lives while something is ref'd", for threads.

nodehttp's I/O threads are daemon threads, so they never keep the interpreter
alive by themselves.  What does is one non-daemon *keeper* thread, which lives
exactly while the count of ref'd handles (a listening server, a socket in use,
a pending client request) is above zero.  When the main thread finishes, the
interpreter joins non-daemon threads: the keeper returns as soon as the count
drops to zero, and the process exits, as a Node process does when its event
loop has nothing ref'd left.
"""

import threading

_cond = threading.Condition(threading.Lock())
_count = 0
_keeper = None


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
