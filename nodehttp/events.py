"""EventEmitter — Node's events.EventEmitter (lib/events.js, Node 20.20.2) on top of pyee.

Every stream, socket, server and message in nodehttp derives from this class,
so it has Node's semantics and Node's camelCase names, and it is still a
``pyee.EventEmitter`` (``isinstance`` holds). What differs from pyee, and why:

- Storage. pyee keys listeners by function in an OrderedDict, so the same
  function can be registered only once and ``once(f)`` + ``on(f)`` collapse
  into one listener. Node keeps an array. Here each event maps to a tuple of
  registrations (the function itself for ``on``, a ``_OnceWrapper`` for
  ``once``), so duplicates are kept and called twice, as in Node. The tuple is
  replaced, never mutated, on every add and remove (copy-on-write), which
  makes ``emit`` lock-free: it reads one dict entry and iterates a snapshot.
- Returns. ``on``, ``once``, ``off``, ``removeListener``, ... return the
  emitter (pyee returns the function or None). ``on(event)`` and
  ``once(event)`` with one argument still return a decorator.
- Meta events are Node's ``'newListener'`` (before an add) and
  ``'removeListener'`` (after a removal, including a fired once-listener,
  with Node's exact argument: see _remove_registration); pyee's
  ``'new_listener'`` is not emitted.
- Errors. ``emit('error', x)`` with no listener raises ``x`` if it is an
  Exception, else ``UnhandledError`` (``ERR_UNHANDLED_ERROR``) instead of
  ``PyeeError``; a listener that is not callable is refused at once with
  ``ERR_INVALID_ARG_TYPE`` (pyee only fails at emit). Values in messages are
  shown with ``repr`` (which matches Node for strings and numbers).
- Added: ``prependListener``, ``prependOnceListener``, ``rawListeners``,
  ``listenerCount``, ``setMaxListeners``/``getMaxListeners`` with Node's
  leak warning; ``eventNames()`` is a list in insertion order. The snake_case
  names pyee already has (``add_listener``, ``remove_listener``,
  ``event_names``, ...) are overridden to behave like the camelCase ones.
- Not provided: ``errorMonitor``, ``captureRejections``, the module-level
  helpers (``events.once``, ``events.on``), and ``emit`` does not go through
  pyee's ``_emit_run`` (one call less per listener on the hot path).

Subclass hooks: ``_listener_added(event)`` runs after ``on``/``addListener``/
``once`` added a listener (not after ``prependListener``/
``prependOnceListener``, which bypass ``Readable.on`` in Node), and
``_listener_removed(event)`` after listeners of ``event`` were removed. They
are what Node's Readable does by overriding ``on``/``removeListener``.
"""

import sys
import warnings
from _thread import RLock as _RLock

import pyee

from . import errors


__all__ = [
    'EventEmitter',
    'UnhandledError',
    'InvalidArgTypeError',
    'OutOfRangeError',
    'MaxListenersExceededWarning',
]


# --- errors -----------------------------------------------------------------
# Node's codes, from the one registry (errors.py); the old names stay as aliases.

UnhandledError = errors.ERR_UNHANDLED_ERROR
InvalidArgTypeError = errors.ERR_INVALID_ARG_TYPE
OutOfRangeError = errors.ERR_OUT_OF_RANGE


class MaxListenersExceededWarning(RuntimeWarning):
    """Node's leak warning; carries ``emitter``, ``type`` and ``count``."""

    def __init__(self, message, emitter=None, type=None, count=0):
        super().__init__(message)
        self.emitter = emitter
        self.type = type
        self.count = count


def _check_listener(listener):
    if not callable(listener):
        raise errors.ERR_INVALID_ARG_TYPE('listener', 'function', listener)


# "no argument given", distinct from an explicit None
_MISSING = object()


class _OnceWrapper:
    """One ``once`` registration. Calling it removes it, then calls the
    listener; ``fired`` is set under the emitter's lock so that concurrent
    emits run the listener exactly once. Like Node's onceWrapper, a wrapper
    already taken by an emit in progress still runs if it was removed
    meanwhile (it has not fired)."""

    __slots__ = ('emitter', 'event', 'listener', 'fired')

    # Node's wrapper is a bound function of that name; listeners of
    # 'removeListener' may see it (see _remove_registration).
    __name__ = 'bound onceWrapper'

    def __init__(self, emitter, event, listener):
        self.emitter = emitter
        self.event = event
        self.listener = listener
        self.fired = False

    def __call__(self, *args, **kwargs):
        emitter = self.emitter
        event = self.event
        events = emitter._events
        with emitter._lock:
            if self.fired:
                return None
            self.fired = True
            # The usual case, the event's only registration: removed here,
            # under the same lock (what _remove_registration does for it)
            alone = events.get(event) == (self,)
            if alone:
                del events[event]
                if event in emitter._leak_warned:
                    emitter._leak_warned = emitter._leak_warned - {event}
        # Removed before the call (Node): a listener that re-emits the same
        # event must not run again, and 'removeListener' precedes the call.
        if not alone:
            emitter._remove_registration(event, self)
        else:
            if 'removeListener' in events:
                emitter.emit('removeListener', event, self.listener)
            emitter._listener_removed(event)
        return self.listener(*args, **kwargs)

    def __repr__(self):
        return '<once wrapper of %r>' % (self.listener,)


def _matches(registration, listener):
    # Node's test: list[i] === listener || list[i].listener === listener.
    # Python needs == too, so that a fresh bound method (obj.meth) finds
    # the one registered earlier.
    if registration is listener:
        return True
    if type(registration) is _OnceWrapper:
        registration = registration.listener
        if registration is listener:
            return True
    return registration == listener


class EventEmitter(pyee.EventEmitter):
    """Node's EventEmitter. See the module docstring."""

    #: Node's ``EventEmitter.defaultMaxListeners``; read when an instance
    #: has no limit of its own, so changing it affects existing emitters.
    defaultMaxListeners = 10

    # Per-instance state that is only set when used, so that it costs
    # nothing in __init__ (class attributes are the defaults).
    _max_listeners = None
    _leak_warned = frozenset()
    # One lock for every emitter's listener changes: they are rare, short and
    # call no user code, and a message made per request then makes no lock.
    # Re-entrant, for a finalizer that the garbage collector runs while the
    # lock is held.  Emitting takes no lock at all (registrations are tuples).
    _lock = _RLock()

    def __init__(self):
        # pyee's __init__ makes self._events and self._lock; here the events
        # dict is made directly (a message is made per request, this is the
        # hot path).  It maps event -> registrations, a tuple.
        # pyee's __init__ does not call super().__init__(), so the rest of a
        # cooperative MRO is continued from here.
        self._events = {}
        super(pyee.EventEmitter, self).__init__()

    # --- subclass hooks ---------------------------------------------------

    def _listener_added(self, event):
        """Called after on/addListener/once added a listener to `event`."""

    def _listener_removed(self, event):
        """Called after listeners of `event` were removed (once per
        removeListener, fired once-listener, or event cleared)."""

    # --- adding -----------------------------------------------------------

    def _add(self, event, listener, prepend):
        events = self._events
        if 'newListener' in events:
            # Before the add, with the original function (Node); a listener
            # added by it lands before this one.
            self.emit('newListener', event,
                      listener.listener if type(listener) is _OnceWrapper
                      else listener)
        with self._lock:
            current = events.get(event)
            if current is None:
                events[event] = (listener,)
                return
            current = (listener,) + current if prepend \
                else current + (listener,)
            events[event] = current
            count = len(current)
            limit = self._max_listeners
            if limit is None:
                limit = EventEmitter.defaultMaxListeners
            if not (0 < limit < count) or event in self._leak_warned:
                return
            self._leak_warned = self._leak_warned | {event}
        self._warn_leak(event, count, limit)

    def _warn_leak(self, event, count, limit):
        message = (
            'Possible EventEmitter memory leak detected. %d %s listeners '
            'added to [%s]. MaxListeners is %s. Use emitter.setMaxListeners() '
            'to increase limit' % (count, event, type(self).__name__, limit))
        # Point the warning at the caller's line, past this module and any
        # subclass's on() that calls ours.
        level, frame = 1, sys._getframe(0)
        while frame is not None and frame.f_globals.get('__name__') == __name__:
            level += 1
            frame = frame.f_back
        warnings.warn(
            MaxListenersExceededWarning(message, self, event, count),
            stacklevel=level)

    def on(self, event, listener=_MISSING):
        """Add `listener` for `event`; returns self. ``on(event)`` returns a
        decorator that registers the function and returns it."""
        if listener is _MISSING:
            def decorator(f):
                self.on(event, f)
                return f
            return decorator
        _check_listener(listener)
        self._add(event, listener, False)
        self._listener_added(event)
        return self

    def addListener(self, event, listener):
        return self.on(event, listener)

    def once(self, event, listener=_MISSING):
        """Add a one-time `listener`; returns self (or a decorator)."""
        if listener is _MISSING:
            def decorator(f):
                self.once(event, f)
                return f
            return decorator
        _check_listener(listener)
        # Through self.on, as Node does, so a subclass's on() sees it too.
        return self.on(event, _OnceWrapper(self, event, listener))

    def prependListener(self, event, listener):
        _check_listener(listener)
        self._add(event, listener, True)
        return self

    def prependOnceListener(self, event, listener):
        _check_listener(listener)
        return self.prependListener(event,
                                    _OnceWrapper(self, event, listener))

    # --- removing ---------------------------------------------------------

    def _remove_registration(self, event, listener):
        """Remove the most recent registration matching `listener`; emit
        'removeListener' and run the hook. Returns True if one was found."""
        events = self._events
        while True:
            current = events.get(event)
            if current is None:
                return False
            # Compared outside the lock: == may run user code.
            for i in range(len(current) - 1, -1, -1):
                if current[i] is listener or _matches(current[i], listener):
                    break
            else:
                return False
            with self._lock:
                if events.get(event) is not current:
                    continue  # changed meanwhile: look again
                # What 'removeListener' gets, as Node gives it: the original
                # function when this was the event's only listener, else
                # the argument as passed (so a firing once-listener among
                # others reports its wrapper, a quirk of lib/events.js).
                if len(current) == 1:
                    announced = current[0]
                    if type(announced) is _OnceWrapper:
                        announced = announced.listener
                else:
                    announced = listener
                rest = current[:i] + current[i + 1:]
                if rest:
                    events[event] = rest
                else:
                    del events[event]
                if len(rest) <= 1 and event in self._leak_warned:
                    # Node's warned flag lives on the array, which is gone
                    # once at most one listener is left.
                    self._leak_warned = self._leak_warned - {event}
            break
        if 'removeListener' in events:
            self.emit('removeListener', event, announced)
        self._listener_removed(event)
        return True

    def removeListener(self, event, listener):
        """Remove the most recently added registration of `listener`
        (a once-listener is found by its original function); returns self.
        Unknown listeners are ignored."""
        _check_listener(listener)
        self._remove_registration(event, listener)
        return self

    def off(self, event, listener):
        return self.removeListener(event, listener)

    def removeAllListeners(self, event=None):
        """Remove all listeners of `event`, or of every event when it is
        None (as in pyee); returns self."""
        events = self._events
        if 'removeListener' not in events:
            # Nobody watches removals: drop the entries in one go.
            with self._lock:
                if event is None:
                    names = list(events)
                    events.clear()
                    self._leak_warned = frozenset()
                else:
                    names = [event] if events.pop(event, None) else []
                    self._leak_warned = self._leak_warned - {event}
            for name in names:
                self._listener_removed(name)
            return self
        if event is None:
            # 'removeListener' listeners go last so they see every other
            # removal; whatever they added meanwhile is dropped (Node).
            for name in list(events):
                if name != 'removeListener':
                    self.removeAllListeners(name)
            self.removeAllListeners('removeListener')
            with self._lock:
                names = list(events)
                events.clear()
                self._leak_warned = frozenset()
            for name in names:
                self._listener_removed(name)
            return self
        # One at a time, newest first, each announced (Node's order).
        for registration in reversed(events.get(event, ())):
            self.removeListener(event, registration)
        return self

    # --- emitting ---------------------------------------------------------

    def emit(self, event, *args, **kwargs):
        """Call the listeners of `event` in order with `args`; True if there
        were any. 'error' with none raises (see the module docstring)."""
        # Hot path: one dict lookup; the tuple is a snapshot, no lock needed.
        handlers = self._events.get(event)
        if handlers is None:
            if event == 'error':
                self._emit_handle_potential_error(
                    event, args[0] if args else _MISSING)
            return False
        for handler in handlers:
            handler(*args, **kwargs)
        return True

    def _emit_handle_potential_error(self, event, error):
        # pyee's hook for 'error' with no listener, with Node's rules.
        if event != 'error':
            return
        if isinstance(error, Exception):
            raise error
        if error is _MISSING:
            error = None
        raise errors.ERR_UNHANDLED_ERROR(error)

    # --- inspecting -------------------------------------------------------

    def listeners(self, event):
        """The listeners of `event` in order (original functions)."""
        return [h.listener if type(h) is _OnceWrapper else h
                for h in self._events.get(event, ())]

    def rawListeners(self, event):
        """Like listeners(), but once-listeners as their wrappers (callable;
        ``.listener`` is the original)."""
        return list(self._events.get(event, ()))

    def listenerCount(self, event, listener=None):
        """How many listeners `event` has, or how many times `listener` is
        registered for it."""
        handlers = self._events.get(event, ())
        if listener is None:
            return len(handlers)
        return sum(1 for h in handlers if _matches(h, listener))

    def eventNames(self):
        """Events that have listeners, in the order they first got one."""
        with self._lock:
            return list(self._events)

    def setMaxListeners(self, n):
        """Warn when `event` has more than `n` listeners (0 or inf: never);
        returns self."""
        if isinstance(n, bool) or not isinstance(n, (int, float)):
            raise errors.ERR_INVALID_ARG_TYPE('setMaxListeners', 'number', n)
        if not n >= 0:  # also catches NaN
            raise errors.ERR_OUT_OF_RANGE('setMaxListeners', '>= 0', n)
        self._max_listeners = n
        return self

    def getMaxListeners(self):
        n = self._max_listeners
        return EventEmitter.defaultMaxListeners if n is None else n

    # --- snake_case aliases, with the camelCase (Node) semantics ----------
    # Methods rather than assignments, so a subclass that overrides the
    # camelCase method changes its alias too.

    def add_listener(self, event, listener):
        return self.on(event, listener)

    def listens_to(self, event):
        return self.on(event)

    def prepend_listener(self, event, listener):
        return self.prependListener(event, listener)

    def prepend_once_listener(self, event, listener):
        return self.prependOnceListener(event, listener)

    def remove_listener(self, event, listener):
        return self.removeListener(event, listener)

    def remove_all_listeners(self, event=None):
        return self.removeAllListeners(event)

    def raw_listeners(self, event):
        return self.rawListeners(event)

    def listener_count(self, event, listener=None):
        return self.listenerCount(event, listener)

    def event_names(self):
        return self.eventNames()

    def set_max_listeners(self, n):
        return self.setMaxListeners(n)

    def get_max_listeners(self):
        return self.getMaxListeners()

    # --- pyee's private hooks, kept consistent with the storage above -----
    # Nothing here calls them; they are overridden so that code written
    # against pyee's base class cannot corrupt the tuples.

    def _add_event_handler(self, event, k, v):
        self._add(event, v, False)
        self._listener_added(event)

    def _remove_listener(self, event, f):
        # pyee calls this with its lock held; ours must not be re-taken.
        current = self._events.get(event)
        if current:
            rest = tuple(h for h in current if not _matches(h, f))
            if rest:
                self._events[event] = rest
            else:
                del self._events[event]

    def _call_handlers(self, event, args, kwargs):
        handlers = self._events.get(event, ())
        for handler in handlers:
            handler(*args, **kwargs)
        return bool(handlers)

