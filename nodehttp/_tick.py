"""Node's process.nextTick on nodehttp's threads.

Node code attaches listeners after the call that starts the work, trusting
that nothing fires before the current tick ends.  Each nodehttp thread runs
user callbacks through `run()`, which gives that thread a queue: whatever Node
would do "on a later tick" while the callback runs is queued with
`next_tick()` and runs when the callback returns.  On a thread that is not
nodehttp's (the main script, a user's thread) there is no tick to wait for,
so `next_tick()` runs the function at once.

A thread amid a tick is work in progress, as Node's pending ticks are: the
process does not end under it (`busy()`, read by _liveness at exit time).
"""

import threading
import weakref
from collections import deque

_local = threading.local()
_all = weakref.WeakSet()    # every nodehttp thread's tick state (busy())
_all_lock = threading.Lock()   # (a thread may start while busy() looks)

# Set by _liveness while the process waits to end: called when a thread's
# outermost tick is over (the one moment busy() may turn false).
on_idle = None


class _Ticks:
    """A nodehttp thread's tick state: one thread-local read per call, then
    plain attributes (a threading.local attribute costs several times more)."""

    __slots__ = ('queue', 'depth', '__weakref__')

    def __init__(self):
        self.queue = deque()
        self.depth = 0


def on_nodehttp_thread():
    """True when the calling thread is one of nodehttp's (it has a tick queue)."""
    return getattr(_local, 'ticks', None) is not None


def in_callback():
    """True while a nodehttp thread is running a callback (deferring is possible)."""
    ticks = getattr(_local, 'ticks', None)
    return ticks is not None and ticks.depth > 0


def next_tick(fn, *args):
    """Runs fn(*args) after the current callback, or now off nodehttp's threads."""
    try:
        ticks = _local.ticks
    except AttributeError:
        ticks = None
    if ticks is not None and ticks.depth > 0:
        ticks.queue.append((fn, args))
        return
    fn(*args)


def start_thread_queue():
    """Marks the calling thread as a nodehttp thread (call first in its target)."""
    ticks = _local.ticks = _Ticks()
    with _all_lock:
        _all.add(ticks)


def current():
    """The calling nodehttp thread's tick state (for `settle()`)."""
    return _local.ticks


def current_or_none():
    """The calling thread's tick state, None off nodehttp's threads."""
    return getattr(_local, 'ticks', None)


def busy():
    """True while a nodehttp thread runs a callback or what it deferred."""
    with _all_lock:
        return any(t.depth for t in list(_all))


def run(fn, *args):
    """Runs a callback as one tick: fn, then everything it deferred, in order."""
    ticks = _local.ticks
    ticks.depth += 1
    try:
        return fn(*args)
    finally:
        settle(ticks)


def settle(ticks):
    """Ends a tick begun with `ticks.depth += 1` (what run() does around its
    callback, for a caller that keeps its thread's `ticks` at hand and calls
    the callback itself, in a try/finally): runs what was deferred."""
    q = ticks.queue
    # Deferred work may defer more: drain until empty, as Node's tick queue.
    try:
        while q:
            f, a = q.popleft()
            f(*a)
    finally:
        ticks.depth -= 1
        if on_idle is not None and not ticks.depth:
            on_idle()
