"""IncomingMessage — the counterpart of lib/_http_incoming.js (Node 20.20.2).

The request a server receives and the response a client receives: a
Readable whose body the connection thread pushes in.  `headers` is built on
first use from `rawHeaders`, with Node's duplicate rules.
"""

from _thread import get_ident as _get_ident
from weakref import ref as _weakref

from . import _tick
from ._parser import decode_raw
from .events import EventEmitter
from .stream import HIGH_WATER_MARK, NO_CHUNKS, Readable, _ThreadEngine

# Node: matchKnownFields -- duplicates of these are dropped (the first wins)
_DISCARD_DUPLICATES = frozenset((
    'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from',
    'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location',
    'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent'))


def _build_headers(raw, join_duplicates=False):
    headers = {}
    for i in range(0, len(raw), 2):
        name = raw[i].lower()
        value = raw[i + 1]
        if name not in headers:
            headers[name] = [value] if name == 'set-cookie' else value
        elif name == 'set-cookie':
            headers[name].append(value)
        elif name == 'cookie':
            headers[name] += '; ' + value
        elif name in _DISCARD_DUPLICATES and not join_duplicates:
            continue
        else:
            headers[name] += ', ' + value
    return headers


def _build_distinct(raw):
    out = {}
    for i in range(0, len(raw), 2):
        out.setdefault(raw[i].lower(), []).append(raw[i + 1])
    return out


class IncomingMessage(_ThreadEngine, Readable):
    """A received request (server side) or response (client side)."""


    # Node's fields, set in the constructor; the ones the request path reads
    # are slots (a class default costs about four times a slot to read).
    # The Readable state here shadows Readable's class defaults.
    __slots__ = (
        '_events', '_rbuf', 'socket', '_rawHeaders', '_rawBytes', '_rawTrailers',
        'httpVersionMajor',
        'httpVersionMinor', 'httpVersion', 'complete', 'joinDuplicateHeaders', 'aborted',
        'upgrade', 'url', 'method', 'statusCode', 'statusMessage', '_headers', '_trailers',
        '_consuming', '_dumped', '_conn', '_maxHeaderPairs', 'readableHighWaterMark',
        'readableFlowing', '_rlen', '_rended', 'readableEnded', 'destroyed', 'closed',
        'readable', '_readable_listening', '_req_ref')

    def __init__(self, socket=None):
        if type(self) is IncomingMessage:
            self._events = {}            # (what EventEmitter.__init__ does)
        else:
            EventEmitter.__init__(self)
        self._rbuf = NO_CHUNKS           # (made by the first chunk pushed)
        self.socket = socket
        self._rawHeaders = None   # (decoded from _rawBytes when first read)
        self._rawBytes = ()       # a server request's fields, as the parser keeps them
        self._rawTrailers = None  # (a list once read or set: most messages have none)
        self.httpVersionMajor = None
        self.httpVersionMinor = None
        self.httpVersion = None
        self.complete = False
        self.joinDuplicateHeaders = False
        self.aborted = False
        self.upgrade = None
        self.url = ''
        self.method = None
        self.statusCode = None
        self.statusMessage = None
        self._headers = None
        self._trailers = None
        self._consuming = False
        self._dumped = False
        self._conn = None         # the connection that drives this message
        self._maxHeaderPairs = 0  # names + values that go into headers (0: all)
        self.readableHighWaterMark = HIGH_WATER_MARK
        self.readableFlowing = None
        self._rlen = 0
        self._rended = False
        self.readableEnded = False
        self.destroyed = False
        self.closed = False
        self.readable = True
        self._readable_listening = False
        self._req_ref = None

    @property
    def connection(self):
        return self.socket

    @property
    def rawHeaders(self):
        """The header names and values, in order, as received.  A server's
        request keeps them as the parser's bytes until first read here."""
        raw = self._rawHeaders
        if raw is None:
            # (_rawBytes stays: a thread that read None here too decodes it as well)
            raw = self._rawHeaders = decode_raw(self._rawBytes)
        return raw

    @rawHeaders.setter
    def rawHeaders(self, value):
        self._rawHeaders = value

    @property
    def rawTrailers(self):
        """The trailer names and values, in order, as received (at 'end')."""
        raw = self._rawTrailers
        if raw is None:
            raw = self._rawTrailers = []
        return raw

    @rawTrailers.setter
    def rawTrailers(self, value):
        self._rawTrailers = value

    @property
    def req(self):
        """The request a client response answers (Node: res.req), held
        weakly: the request and its response point at each other, and a
        cycle per exchange costs a garbage collection pass every few dozen
        requests.  It is the request for as long as anything else holds it
        (the connection does until the exchange is over)."""
        ref = self._req_ref
        return None if ref is None else ref()

    @req.setter
    def req(self, value):
        try:
            self._req_ref = None if value is None else _weakref(value)
        except TypeError:                # (not weakly referable: held as is)
            self._req_ref = lambda: value

    @property
    def headers(self):
        h = self._headers
        if h is None:
            raw = self.rawHeaders
            if self._maxHeaderPairs and len(raw) > self._maxHeaderPairs:
                raw = raw[:self._maxHeaderPairs]     # Node: maxHeadersCount
            h = self._headers = _build_headers(raw, self.joinDuplicateHeaders)
        return h

    @headers.setter
    def headers(self, value):
        self._headers = value

    @property
    def headersDistinct(self):
        return _build_distinct(self.rawHeaders)

    @property
    def trailers(self):
        t = self._trailers
        if t is None:
            t = self._trailers = _build_headers(self.rawTrailers, self.joinDuplicateHeaders)
        return t

    @trailers.setter
    def trailers(self, value):
        self._trailers = value

    @property
    def trailersDistinct(self):
        return _build_distinct(self.rawTrailers)

    def setTimeout(self, msecs, callback=None):
        """Calls socket.setTimeout(msecs); callback listens to 'timeout' on this message."""
        if callback is not None:
            self.on('timeout', callback)
        if self.socket is not None:
            self.socket.setTimeout(msecs)
        return self

    # -- the producer is the connection thread ------------------------------

    # (the connection's thread is told by its ident: a compare, where
    # threading.current_thread() is a Python call)

    def _reader_ident(self):
        # the connection's thread pushes the body in (Readable.resume: a
        # resume from elsewhere waits for the caller's tick); a dumped body
        # flows at once
        conn = self._conn
        return None if conn is None or self._dumped else conn.ident

    def _read(self, size):
        self._consuming = True
        conn = self._conn
        if conn is not None and _get_ident() != conn.ident:
            conn.wake()

    def _pull(self):
        self._consuming = True
        conn = self._conn
        if conn is not None and _get_ident() == conn.ident:
            conn.pull_body(self)
        else:
            if conn is not None:
                conn.wake()
            self._wait_for_change()

    def _kick(self):
        conn = self._conn
        if conn is None or _get_ident() == conn.ident:
            _tick.next_tick(self._flow)
        else:
            conn.wake()

    def _listener_added(self, event):
        if event == 'data' or event == 'readable':
            self._consuming = True
            _ThreadEngine._listener_added(self, event)     # (which acts on these two only)

    def _dump(self):
        """Discards the unread body so the connection can go on (Node: _dump)."""
        if not self._dumped:
            self._dumped = True
            if 'data' in self._events:
                self.removeAllListeners('data')
            if self._rbuf:
                self._rbuf.clear()
            self._rlen = 0
            self.resume()

    def _destroy(self, err, callback):
        # Node: IncomingMessage._destroy -- 'aborted' for a body cut short, and
        # 'error' only when someone listens (backward compatibility in Node).
        if not self.readableEnded or not self.complete:
            self.aborted = True
            self.emit('aborted')
        sock = self.socket
        if self.aborted and sock is not None and not sock.destroyed:
            if err is not None:
                # Node: finished(socket) calls back after the socket's
                # 'error', which destroy(err) put on a tick first: so the
                # request's 'error' (its socket's error listener) comes
                # before this message's.  (Our socket emits it when its
                # thread closes it: wait for that, or for its 'close'.)
                def settled(*_):
                    sock.off('error', settled)
                    sock.off('close', settled)
                    _tick.next_tick(self._destroyed, err, callback)
                sock.on('error', settled)
                sock.on('close', settled)
                sock.destroy(err)
                return
            sock.destroy()
        # Node calls back a tick later (onError), and 'error' and 'close'
        # come a tick after that
        _tick.next_tick(self._destroyed, err, callback)

    def _destroyed(self, err, callback):
        callback(err if err is not None and self.listenerCount('error') else None)

    def _after_end(self):
        # Node: autoDestroy -- 'close' once the body has ended
        self.destroy()
