"""Node's "later tick" for threads that are not nodehttp's.

Node code starts some work and then attaches its listeners, trusting that
nothing fires before the code that runs now has returned to the event loop:

    req = http.get(url)
    req.on('response', on_response)
    req.on('close', on_close)          # never too late in Node

On nodehttp's own threads _tick.py keeps that promise (a callback's deferred
work runs when it returns).  A thread that is not nodehttp's -- the main
script, a user's thread -- has no event loop to return to.  Its counterpart of
"returning to the loop" is *waiting*: it sleeps, waits on a lock, an Event, a
queue, a join, select/poll, a socket, input() -- or it ends.  So the work
Node would do on a later tick, started from such a thread, is deferred until
that thread next waits or ends ("its tick ends"):

- `tick()` gives the calling thread's open Tick, opening one if needed;
  `Tick.defer(fn, args)` queues work on it (from any thread, while it is open).
- Opening a tick installs a profile function on that thread only
  (sys.setprofile), which sees its first blocking call (a C function that
  waits) or the return of its outermost frame; the queue then runs there, on
  that thread, before the call blocks, and the profile function is removed.
  So the cost is paid only between a call into nodehttp and the next wait.
- An Event.wait() on an Event that is not set is seen at its start, not
  some twenty profile events later at its lock's acquire.
- A thread that already has a profile function (a profiler) gets no tick:
  `tick()` returns None and the caller acts at once, as if the tick had ended.
- A thread that ends without its profile function seeing it (someone replaced
  it) has its queue run by the closer thread, which hears of the end
  (_liveness.thread_end(): from the dying thread's teardown, or for the main
  thread from threading._shutdown).  Deferred work is user code and must not
  run inside a dying thread's teardown, so the end only puts the thread's
  ThreadEnd on a queue; the closer, a daemon thread, blocks on that queue and runs the open
  ticks of each thread it gets.  It is started with the first tick opened and
  ends once no tick has been open for _CLOSER_LINGER seconds (it blocks with
  no timeout while a tick is open, so it never wakes for nothing).

Blocking calls are recognised by name: time.sleep, select/poll/epoll/kqueue,
socket receives/accept/connect, os.wait*, signal waits, input(), and
acquire() of a lock that is held (what Event.wait, Condition.wait,
queue.get, Thread.join and Future.result come down to).  Waiting inside
threading.Thread.start (nodehttp starts its threads while a tick is open) is
not a yield.  A wait that is not recognised only makes the tick last until
the next one that is.
"""

import sys
import threading
from collections import deque

from . import _liveness

__all__ = ['Tick', 'tick', 'arm', 'current', 'end']

_local = threading.local()
_getprofile = sys.getprofile
_setprofile = sys.setprofile

# C functions whose call means the thread is about to wait.
_WAITS = frozenset((
    'sleep', 'select', 'poll', 'control', 'input', 'pause', 'sigwait', 'sigwaitinfo',
    'sigtimedwait', 'recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'recvmsg',
    'recvmsg_into', '_accept', 'accept', 'connect', 'waitpid', 'wait', 'wait3',
    'wait4', 'waitid', 'acquire', 'get', 'join',
))
_LockType = type(threading.Lock())
_RLockType = type(threading.RLock())
_START_CODE = threading.Thread.start.__code__
_IS_OWNED_CODE = threading.Condition._is_owned.__code__
# Event.wait on an Event that is not set: a wait comes next (the acquire in
# Condition.wait would say so too, some twenty profile events later: a
# blocking loop's ev.wait() is seen at once).  (Not Condition.wait: its
# caller holds the condition's lock until that acquire, and what was
# deferred must not run while it does.)
_EVENT_WAIT_CODE = threading.Event.wait.__code__
try:
    import _queue
    _SimpleQueue = _queue.SimpleQueue
except ImportError:                       # pragma: no cover
    _SimpleQueue = ()
from queue import Empty as _Empty, SimpleQueue as _Queue

_OPEN, _CLOSING, _CLOSED = 0, 1, 2
_CLOSER_LINGER = 5.0    # s; how long the closer stays once no tick is open


class Tick:
    """The work a foreign thread deferred until it next waits or ends."""

    __slots__ = ('thread', '_queue', '_lock', '_state', '_closer', '_done', '_finished',
                 '_armed', '_end')

    def __init__(self, thread):
        self.thread = thread
        self._queue = deque()
        self._lock = threading.Lock()
        self._state = _OPEN
        self._closer = None
        self._done = None              # an Event for wait(), made by the first waiter
        self._finished = False         # close() is over
        self._armed = False            # our profile function is installed
        self._end = None               # its thread's ThreadEnd (_watch)

    @property
    def open(self):
        return self._state == _OPEN

    def defer(self, fn, args=()):
        """Queues fn(*args) for the end of the tick.  False when the tick
        has ended already (the caller then acts at once)."""
        me = threading.current_thread()
        with self._lock:
            state = self._state
            if state == _OPEN or (state == _CLOSING and me is self._closer):
                self._queue.append((fn, args))
                queued = True
            else:
                queued = False
        if queued and state == _OPEN:
            if me is self.thread:
                if self._armed and _getprofile() is not _profile:
                    # our profile function was replaced: nothing will see
                    # this thread wait, so the tick ends here
                    _end_current()
            elif (self._end is not None and self._end.ended) or not _liveness.alive(self.thread):
                self.close()
        return queued

    def close(self):
        """Ends the tick: runs what was deferred, in order, on this thread."""
        with self._lock:
            if self._state != _OPEN:
                return
            self._state = _CLOSING
            self._closer = threading.current_thread()
        try:
            while True:
                with self._lock:
                    if not self._queue:
                        self._state = _CLOSED
                        break
                    fn, args = self._queue.popleft()
                try:
                    fn(*args)
                except Exception as exc:  # noqa: B902 -- as on a nodehttp thread
                    _report(exc)
        finally:
            # (a KeyboardInterrupt raised by a callback ends the tick here)
            with self._lock:
                self._state = _CLOSED
                self._queue.clear()
                self._finished = True
                done = self._done
            if done is not None:
                done.set()
            _unwatch(self)

    def wait(self, timeout=None):
        """Waits until the tick has ended (never on its own thread)."""
        if threading.current_thread() is self.thread:
            return self._state == _CLOSED
        with self._lock:
            if self._finished:
                return True
            done = self._done
            if done is None:
                done = self._done = threading.Event()
        return done.wait(timeout)


def current():
    """The calling thread's open tick, or None."""
    t = getattr(_local, 'tick', None)
    if t is not None and t._state == _OPEN:
        return t
    return None


def tick(armed=True):
    """The calling thread's open tick, opened if needed; None when it cannot
    be (a profiler is installed on this thread).

    armed=False: the caller is nodehttp code that returns to its caller
    without waiting, and calls arm() before it does (the profile function
    then costs nothing meanwhile)."""
    t = getattr(_local, 'tick', None)
    if t is None or t._state != _OPEN:
        prof = _getprofile()
        if prof is not None and prof is not _profile:
            return None
        t = _local.tick = Tick(threading.current_thread())
        _watch(t)
    if armed and not t._armed:
        _arm(t)
    return t


def arm():
    """Makes the calling thread's open tick end at its next wait."""
    t = getattr(_local, 'tick', None)
    if t is not None and t._state == _OPEN and not t._armed:
        _arm(t)


def _arm(t):
    prof = _getprofile()
    if prof is None:
        t._armed = True
        _setprofile(_profile)
    elif prof is _profile:
        t._armed = True
    else:
        _end_current()                    # a profiler came meanwhile: end it now


def end():
    """Ends the calling thread's tick now: for code that knows the thread is
    about to wait in a way the profile function cannot see (e.g. a
    sys.monitoring callback at the main program's return)."""
    _end_current()


def _end_current():
    """The calling thread waits or ends: its ticks end (deferred work may
    open a new one, which ends too: the thread is about to wait)."""
    while True:
        t = getattr(_local, 'tick', None)
        if t is None:
            break
        _local.tick = None
        if _getprofile() is _profile:
            _setprofile(None)
        t.close()


def _profile(frame, event, arg):
    if event == 'c_call':
        if arg.__name__ in _WAITS and _waits(frame, arg):
            _end_current()
    elif event == 'call':
        if frame.f_code is _EVENT_WAIT_CODE and _event_waits(frame) and \
                not _in_start(frame):
            _end_current()
    elif event == 'return' and frame.f_back is None:
        _end_current()                    # the thread's outermost frame returns


def _event_waits(frame):
    """Whether Event.wait, starting in frame, will wait."""
    try:
        return not frame.f_locals['self']._flag
    except Exception:  # noqa: B902 -- not ours to judge: the acquire will tell
        return False


def _waits(frame, fn):
    """Whether calling the C function fn from frame is a wait."""
    name = fn.__name__
    owner = getattr(fn, '__self__', None)
    if name == 'acquire':
        if isinstance(owner, _LockType):
            if not owner.locked() or frame.f_code is _IS_OWNED_CODE:
                return False              # will not block
        elif isinstance(owner, _RLockType):
            return False                  # cannot tell; short critical sections
    elif name == 'get':
        if not isinstance(owner, _SimpleQueue):
            return False                  # dict.get & co
    elif name == 'join':
        if type(owner).__name__ != '_ThreadHandle':
            return False                  # str.join & co (3.13: Thread.join waits here)
    elif name == 'wait':
        if owner is not None and type(owner).__name__ != 'module':
            return False                  # os.wait only
    return not _in_start(frame)


def _in_start(frame):
    """nodehttp starts its threads while a tick is open: a wait inside
    threading.Thread.start is not a yield."""
    f = frame
    for _ in range(4):
        if f is None:
            break
        if f.f_code is _START_CODE:
            return True
        f = f.f_back
    return False


def _report(exc):
    threading.excepthook(threading.ExceptHookArgs(
        (type(exc), exc, exc.__traceback__, threading.current_thread())))


# -- the closer: a thread that ended with its tick open ------------------------

_watch_lock = threading.Lock()
_watched = set()            # the open ticks
_ended = _Queue()           # ThreadEnds that fired (None: look at _watched again)
_closer_thread = None
_closer_untimed = False     # the closer blocks with no timeout: wake it when idle


def _watch(t):
    """A tick opens (on its own thread)."""
    global _closer_thread
    end = t._end = _liveness.thread_end()
    if not getattr(_local, 'hooked', False):
        # once per thread: its end puts it on the closer's queue
        _local.hooked = True
        end.add(lambda: _on_thread_end(end))
    with _watch_lock:
        _watched.add(t)
        if _closer_thread is None:
            _closer_thread = threading.Thread(target=_close_ended,
                                              name='nodehttp-tick-closer', daemon=True)
            start = True
        else:
            start = False
    if start:
        _closer_thread.start()


def _unwatch(t):
    global _closer_untimed
    with _watch_lock:
        _watched.discard(t)
        if _closer_untimed and not _watched:
            _closer_untimed = False
            _ended.put(None)        # idle now: the closer starts its linger


def _on_thread_end(end):
    """Called as a thread ends (in its teardown, or in threading._shutdown
    for the main thread): no locks, no user code -- hand it to the closer.
    With no open tick anywhere there is nothing to hand over.  (Its
    ThreadEnd, not its Thread: on 3.9-3.11 a later _thread.start_new_thread
    thread may get the same _DummyThread object.)"""
    if _watched:
        _ended.put(end)


def _close_ended():
    """The closer: runs the open ticks of threads that ended."""
    global _closer_thread, _closer_untimed
    timeout = _CLOSER_LINGER
    while True:
        try:
            end = _ended.get(timeout=timeout)
        except _Empty:
            # idle for the whole linger: end, unless a tick is open, in
            # which case block until something comes (an end, or _unwatch
            # saying no tick is open any more)
            with _watch_lock:
                if not _watched:
                    _closer_thread = None
                    return
                _closer_untimed = True
            timeout = None
            continue
        if timeout is None:
            with _watch_lock:
                _closer_untimed = False
        timeout = _CLOSER_LINGER
        if end is None:
            continue
        with _watch_lock:
            ticks = [t for t in _watched if t._end is end]
        for t in ticks:
            t.close()
