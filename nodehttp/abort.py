"""AbortController and AbortSignal -- the web API that Node's `signal`
options take (Node 20: lib/internal/abort_controller.js), for threads.

    controller = AbortController()
    req = http.get(url, signal=controller.signal)
    ...
    controller.abort()          # from any thread: req gets 'error' (AbortError), 'close'

An AbortSignal is Node's EventTarget reduced to what a signal needs:
`addEventListener('abort', listener, {'once': True})`, `removeEventListener`,
`onabort`.  Listeners get an `Event` (`event.type == 'abort'`,
`event.target` the signal) and run on the thread that calls `abort()`, at
once, in the order they were added (`onabort` where it was first set), as
Node's do.  A listener that raises is reported through
`threading.excepthook`, and the others still run (Node reports it as an
uncaught exception).  Everything here is safe to use from any thread.

What differs from Node: `throwIfAborted()` raises the reason when it is an
exception; any other reason (Node throws any value) is raised as an
`errors.AbortError` whose `cause` is that reason.
"""

import threading

from . import errors

__all__ = ['AbortController', 'AbortSignal', 'DOMException', 'Event']


class DOMException(Exception):
    """The web's DOMException, as Node makes it for a signal's default
    reasons: `name` ('AbortError', 'TimeoutError'), `message`, legacy `code`."""

    _CODES = {'AbortError': 20, 'TimeoutError': 23}

    def __init__(self, message='', name='Error'):
        super().__init__(message)
        self.message = message
        self.name = name
        self.code = self._CODES.get(name, 0)

    def __str__(self):
        return '%s: %s' % (self.name, self.message) if self.message else self.name

    def __repr__(self):
        return 'DOMException [%s]: %s' % (self.name, self.message)


class Event:
    """What an 'abort' listener receives."""

    __slots__ = ('type', 'target')

    def __init__(self, type, target=None):
        self.type = type
        self.target = target

    @property
    def currentTarget(self):
        return self.target

    def __repr__(self):
        return "Event {type: %r}" % (self.type,)


_ONABORT = object()      # the place of the onabort handler in the listener list


class AbortSignal:
    """Whether, and why, an operation was aborted (Node's AbortSignal).

    Made by an AbortController (`controller.signal`), or by
    `AbortSignal.abort(reason)`, `AbortSignal.timeout(ms)`,
    `AbortSignal.any(signals)`."""

    def __init__(self):
        self._lock = threading.Lock()
        self._aborted = False
        self._reason = None
        self._listeners = []          # [(listener or _ONABORT, once)]
        self._onabort = None
        self._timer = None

    def __repr__(self):
        return 'AbortSignal { aborted: %s }' % ('true' if self._aborted else 'false')

    @property
    def aborted(self):
        """True once the signal has been aborted."""
        return self._aborted

    @property
    def reason(self):
        """Why it was aborted (None before)."""
        return self._reason

    def throwIfAborted(self):
        """Raises the reason if the signal has been aborted."""
        if self._aborted:
            reason = self._reason
            if isinstance(reason, BaseException):
                raise reason
            raise errors.AbortError(cause=reason)

    # -- EventTarget ---------------------------------------------------------------

    def addEventListener(self, type, listener, options=None, **kw):
        """Calls listener(event) when the signal aborts ('abort' is the only
        event a signal emits).  options: {'once': True}; the same listener
        added twice is called once, as in Node."""
        if listener is None:
            return
        if not callable(listener) and not callable(getattr(listener, 'handleEvent', None)):
            raise errors.ERR_INVALID_ARG_TYPE('listener', ['function', 'EventListener'],
                                              listener)
        once = False
        if isinstance(options, dict):
            once = bool(options.get('once'))
        once = bool(kw.get('once', once))
        if type != 'abort':
            return                    # nothing else is ever dispatched
        with self._lock:
            if self._aborted:
                return                # Node: never called (nothing dispatches again)
            if any(entry[0] is listener or entry[0] == listener for entry in self._listeners):
                return
            self._listeners.append((listener, once))

    def removeEventListener(self, type, listener, options=None, **kw):
        if type != 'abort':
            return
        with self._lock:
            for i, entry in enumerate(self._listeners):
                if entry[0] is listener or entry[0] == listener:
                    del self._listeners[i]
                    return

    @property
    def onabort(self):
        return self._onabort

    @onabort.setter
    def onabort(self, handler):
        with self._lock:
            had = self._onabort is not None
            self._onabort = handler if callable(handler) else None
            if self._onabort is None:
                self._listeners = [e for e in self._listeners if e[0] is not _ONABORT]
            elif not had:
                self._listeners.append((_ONABORT, False))

    # aliases Python users may look for
    add_event_listener = addEventListener
    remove_event_listener = removeEventListener
    throw_if_aborted = throwIfAborted

    def _abort(self, reason):
        with self._lock:
            if self._aborted:
                return False
            self._aborted = True
            self._reason = reason
            listeners = list(self._listeners)
            self._listeners = [e for e in self._listeners if not e[1]]
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        event = Event('abort', self)
        for listener, once in listeners:
            if listener is _ONABORT:
                listener = self._onabort
                if listener is None:
                    continue
            elif not once and not any(e[0] is listener for e in self._listeners):
                continue              # removed by an earlier listener meanwhile
            try:
                if callable(listener):
                    listener(event)
                else:
                    listener.handleEvent(event)
            except Exception as exc:  # noqa: B902 -- Node: an uncaught exception, the rest go on
                threading.excepthook(threading.ExceptHookArgs(
                    (type(exc), exc, exc.__traceback__, threading.current_thread())))
        return True

    # -- static constructors ---------------------------------------------------------

    @classmethod
    def abort(cls, reason=None):
        """A signal aborted already (Node: AbortSignal.abort(reason))."""
        signal = cls()
        signal._aborted = True
        signal._reason = _default_reason() if reason is None else reason
        return signal

    @classmethod
    def timeout(cls, delay):
        """A signal that aborts after `delay` ms with a TimeoutError
        DOMException.  Its timer never keeps the process alive (Node:
        unref'd)."""
        if isinstance(delay, bool) or not isinstance(delay, (int, float)):
            raise errors.ERR_INVALID_ARG_TYPE('delay', 'number', delay)
        if delay < 0 or delay != delay or delay > 4294967295:
            raise errors.ERR_OUT_OF_RANGE('delay', '>= 0 && <= 4294967295', delay)
        signal = cls()
        timer = threading.Timer(delay / 1000.0, signal._abort, (DOMException(
            'The operation was aborted due to timeout', 'TimeoutError'),))
        timer.daemon = True
        timer.name = 'nodehttp-abort-timeout'
        signal._timer = timer
        timer.start()
        return signal

    @classmethod
    def any(cls, signals):
        """A signal that aborts when the first of `signals` does, with its reason."""
        signals = list(signals)
        for s in signals:
            if not isinstance(s, AbortSignal):
                raise errors.ERR_INVALID_ARG_TYPE('signals', 'AbortSignal', s)
        out = cls()
        for s in signals:
            if s.aborted:
                out._aborted = True
                out._reason = s.reason
                return out
        for s in signals:
            s.addEventListener('abort', lambda event, s=s: out._abort(s.reason))
        return out


def _default_reason():
    return DOMException('This operation was aborted', 'AbortError')


class AbortController:
    """Makes a signal and aborts it (Node's AbortController)."""

    def __init__(self):
        self._signal = AbortSignal()

    def __repr__(self):
        return 'AbortController { signal: %r }' % (self._signal,)

    @property
    def signal(self):
        return self._signal

    def abort(self, reason=None):
        """Aborts the signal (once; later calls do nothing): its 'abort'
        listeners run now, on this thread.  reason defaults to a DOMException
        named 'AbortError'."""
        self._signal._abort(_default_reason() if reason is None else reason)


def given(value):
    """Whether an option's value counts as given, by JavaScript's truthiness
    (Node: `if (options.signal)`): None, False, 0, NaN and '' do not."""
    if value is None or value is False:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == value and value != 0
    if isinstance(value, (str, bytes)):
        return len(value) > 0
    return True


def is_signal(value):
    """Node's validateAbortSignal test: an object with `aborted` (and,
    here, addEventListener, which Node goes on to call)."""
    return isinstance(value, AbortSignal) or (
        not isinstance(value, (str, bytes, int, float, bool, dict, list, tuple))
        and hasattr(value, 'aborted') and callable(getattr(value, 'addEventListener', None)))


def add_abort_signal(signal, stream):
    """Node's addAbortSignal(signal, stream): destroys stream with an
    AbortError (cause: the signal's reason) when the signal aborts, or at
    once if it has.  Returns a function that removes the listener."""
    if not is_signal(signal):
        raise errors.ERR_INVALID_ARG_TYPE('signal', 'AbortSignal', signal)

    def onabort(event=None):
        stream.destroy(errors.AbortError(cause=signal.reason))

    if signal.aborted:
        onabort()
        return _noop
    signal.addEventListener('abort', onabort)
    return lambda: signal.removeEventListener('abort', onabort)


def _noop():
    pass
