"""Server and ServerResponse — the counterpart of lib/_http_server.js (Node 20.20.2).

Each accepted connection gets a thread (net.Server) that runs
`_Connection.run`, the per-connection state machine:

        accept
          |
          v
    +-> IDLE ------------------- keepAliveTimeout / EOF / close --> CLOSED
    |     | first byte                                                 ^
    |     v                                                            |
    |   HEAD --------- parse error / headersTimeout (400/408/431) -----+
    |     | head complete: emit 'request' (or 'upgrade', 'connect')    |
    |     v                                                            |
    |   BODY: push the body into req (back-pressure at its high-water  |
    |     |   mark); wait for the response to finish                   |
    |     |   (peer gone: 'aborted', 'close') -------------------------+
    |     v                                                            |
    +-- DONE: res 'finish' + body read or dumped; keep-alive? -- no ---+

One request at a time: pipelined requests wait, parsed, in the parser's
event queue until the response before them is finished, so responses go
out in order, as Node sends them.  Keep-alive is decided in one place,
`res._last`, as Node does.
"""

import heapq
import itertools
import re
import threading
import time
from _thread import get_ident as _get_ident

from . import _tick, errors, net
from ._parser import (BODY, END, ERROR, HEAD, IDLE, IN_HEAD, SEEN_EXPECT, SEEN_HOST, UPGRADE,
                      RequestParser)
from ._common import check_invalid_header_char, to_int32, validateInteger
from .events import EventEmitter
from .incoming import IncomingMessage
from .outgoing import _RE_TE_CHUNKED, OutgoingMessage, parseUniqueHeadersOption
from .status import STATUS_CODES

# Node's canned answers when nobody listens to 'clientError' (socketOnError)
_CANNED = {
    'HPE_HEADER_OVERFLOW': b'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
    'HPE_CHUNK_EXTENSIONS_OVERFLOW': b'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
    'ERR_HTTP_REQUEST_TIMEOUT': b'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
}
_BAD_REQUEST = b'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'
_RE_CONTINUE = re.compile(r'(?:^|\W)100-continue(?:$|\W)', re.I)   # Node: continueExpression
# s past keepAliveTimeout before an idle socket is closed: Node 20's
# HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER (measured: 200 ms closes at 1.2 s), so
# a client that trusts the advertised Keep-Alive: timeout never races the close
_KEEP_ALIVE_BUFFER = 1.0
_STATUS_LINES = {}   # code -> {message: rendered status line (bytes)}, once validated
_READ_AHEAD = 16     # parsed events (pipelined requests, body pieces) read ahead of a response
_WATCH_LINGER = 2.0  # s an idle keep-alive watch waits for a connection before its thread ends


# Node's linkValueRegExp: '<uri>' then '; param' or '; param=value' or '; param="value"'
_LINK_VALUE = re.compile(r'<[^>]*>(?:\s*;\s*[^;"\s]+(?:="[^;"\s]*"|=[^;"\s]*)?)*\Z')


def _check_link(value):
    """Node's validateLinkHeaderFormat (a list item, or the string itself)."""
    if not isinstance(value, str) or _LINK_VALUE.match(value) is None:
        raise errors.ERR_INVALID_ARG_VALUE(
            'hints', value,
            'must be an array or string of format "</styles.css>; rel=preload; as=style"')


class ServerResponse(OutgoingMessage):
    """The response a server writes (Node's http.ServerResponse)."""

    # Node's fields, set in the constructor as Node's are.  The ones the
    # request/response path reads are slots: a read of a class default costs
    # about four times a slot's, and a response reads dozens.  (OutgoingMessage
    # keeps them as class defaults for ClientRequest; the others stay there.
    # A subclass without __slots__ still takes any attribute.)
    __slots__ = (
        '_events', 'req', 'socket', '_conn', 'statusCode', 'statusMessage', 'sendDate',
        '_header', '_head_wide', '_headerSent', '_headers', 'finished', '_wfin',
        'chunkedEncoding', 'useChunkedEncodingByDefault', 'shouldKeepAlive',
        'maxRequestsOnConnectionReached', '_defaultKeepAlive', '_keepAliveTimeout',
        '_maxRequestsPerSocket', '_last', '_hasBody', '_rejectNonStandardBodyWrites',
        '_uniqueHeaders', '_contentLength', '_removedConnection', '_removedContLen',
        '_removedTE', '_trailer', '_corked', '_bytes_body', 'strictContentLength',
        'destroyed', 'closed', '_sent100', '_expect_continue', '_closeEmitted')

    def __init__(self, req, options=None):
        if type(self) is ServerResponse:
            self._events = {}            # (what EventEmitter.__init__ does)
        else:
            OutgoingMessage.__init__(self, options)
        self.req = req
        self.socket = None
        self._conn = None
        self.statusCode = 200
        self.statusMessage = None
        self.sendDate = True
        self._header = None
        self._headerSent = False
        self._headers = None
        self.finished = False
        self._wfin = False
        self.chunkedEncoding = False
        self.useChunkedEncodingByDefault = True
        self.shouldKeepAlive = True
        self.maxRequestsOnConnectionReached = False
        self._defaultKeepAlive = True
        self._keepAliveTimeout = 0
        self._maxRequestsPerSocket = 0
        self._last = False
        self._hasBody = req.method != 'HEAD'
        self._rejectNonStandardBodyWrites = False
        self._uniqueHeaders = None
        self._contentLength = None
        self._removedConnection = False
        self._removedContLen = False
        self._removedTE = False
        self._trailer = b''
        self._corked = 0
        self._bytes_body = 0
        self.strictContentLength = False
        self.destroyed = False
        self.closed = False
        self._sent100 = False
        self._expect_continue = False
        self._closeEmitted = False
        if req.httpVersion != '1.1' and ((req.httpVersionMajor or 0) < 1
                                         or (req.httpVersionMinor or 0) < 1):
            # (Node: a minor version of 0 too, HTTP/2.0 in a request line included)
            te = req.headers.get('te')
            self.useChunkedEncodingByDefault = te is not None and \
                _RE_TE_CHUNKED.search(te) is not None
            self.shouldKeepAlive = False

    def writeHead(self, statusCode, statusMessage=None, headers=None):
        """Stores the status line and headers (merged over setHeader's, its own
        win); they go out with the first body chunk.  Returns the response."""
        if self._header is not None:
            raise errors.ERR_HTTP_HEADERS_SENT('write')
        code = statusCode
        if type(code) is not int or code < 100 or code > 999:
            code = to_int32(statusCode)         # Node: statusCode |= 0
            if code < 100 or code > 999:
                raise errors.ERR_HTTP_INVALID_STATUS_CODE(statusCode)
        if isinstance(statusMessage, str):
            msg = self.statusMessage = statusMessage      # ('' too, as Node)
        else:
            if statusMessage is not None and headers is None \
                    and isinstance(statusMessage, (dict, list, tuple)):
                headers = statusMessage
            msg = self.statusMessage
            if not msg:
                msg = self.statusMessage = STATUS_CODES.get(code, 'unknown')
        self.statusCode = code
        if self._headers:
            if headers:
                if isinstance(headers, dict):
                    for k, v in headers.items():
                        if k:                # (Node: `if (k)`, an empty name is passed over)
                            self.setHeader(k, v)
                else:
                    # Node: after setHeader(), a list is flat (name, value, ...)
                    items = list(headers)
                    if len(items) % 2:
                        raise errors.ERR_INVALID_ARG_VALUE('headers', headers)
                    for i in range(0, len(items), 2):
                        k = items[i]
                        if k:
                            self.setHeader(k, items[i + 1])   # Node 20: a later pair wins, in place
            headers = self._headers
        known = _STATUS_LINES.get(code)
        status_line = known.get(msg) if known is not None else None
        wide = False                    # (the cached lines are ASCII)
        if status_line is None:
            if check_invalid_header_char(msg):
                raise errors.ERR_INVALID_CHAR('statusMessage')
            status_line = ('HTTP/1.1 %d %s\r\n' % (code, msg)).encode('latin-1')
            if not status_line.isascii():
                wide = True
            elif known is None:
                _STATUS_LINES[code] = {msg: status_line}     # (900 codes at most)
            elif len(known) < 64:
                known[msg] = status_line
        if code < 200 or code == 204 or code == 304:
            self._hasBody = False
        if self._expect_continue and not self._sent100:
            self.shouldKeepAlive = False
        self._storeHeader(status_line, headers, wide)
        return self

    writeHeader = writeHead

    def _implicitHeader(self):
        self.writeHead(self.statusCode)

    def writeContinue(self, callback=None):
        """Sends `100 Continue` (the client may send its body)."""
        self._writeRaw((b'HTTP/1.1 100 Continue\r\n\r\n',), callback)
        self._sent100 = True

    def writeProcessing(self, callback=None):
        self._writeRaw((b'HTTP/1.1 102 Processing\r\n\r\n',), callback)

    def writeEarlyHints(self, hints, callback=None):
        """Sends `103 Early Hints`: the Link header (hints['link'], a string
        or a list of them, each of the form '</style.css>; rel=preload'),
        then the other hints.  Without a link (or with an empty list)
        nothing is sent, as in Node."""
        if not isinstance(hints, dict):
            raise errors.ERR_INVALID_ARG_TYPE('hints', 'Object', hints)
        link = hints.get('link')
        if link is None:
            return
        if isinstance(link, (list, tuple)):
            for v in link:
                _check_link(v)
            link = ', '.join(link)
        else:
            _check_link(link)
        if not link:
            return
        lines = ['HTTP/1.1 103 Early Hints\r\nLink: ', link, '\r\n']
        for name, value in hints.items():
            if name != 'link':
                lines.append('%s: %s\r\n' % (name, errors.js_string(value)))
        lines.append('\r\n')
        self._writeRaw((''.join(lines).encode('latin-1', 'replace'),), callback)

    def assignSocket(self, socket):
        if socket._httpMessage is not None:
            raise errors.ERR_HTTP_SOCKET_ASSIGNED()
        socket._httpMessage = self
        self.socket = socket
        self.emit('socket', socket)

    def detachSocket(self, socket):
        if socket._httpMessage is self:
            socket._httpMessage = None
        self.socket = None

    def _finishing(self):
        # Node: resOnFinish, the response's first 'finish' listener, detaches
        # the socket and puts 'close' on the next tick (before what the
        # user's listeners defer)
        self.socket = None
        if not self._closeEmitted and _tick.in_callback():
            _tick.next_tick(self._emit_close)

    def _finished_hook(self):
        # Node: resOnFinish -- the connection moves on.  A response nobody
        # listens to has no 'close' to wait for: only its flags (those of
        # _emit_close, inline: this runs once per response).  Off a tick
        # (the last write flushed on a thread of the user's) 'close' follows
        # 'finish' at once.
        self.socket = None              # (Node: detached at 'finish')
        if not self._closeEmitted:
            if not self._events:
                self._closeEmitted = True
                self.destroyed = True
                self.closed = True
            elif not _tick.in_callback():
                self._emit_close()
        conn = self._conn
        if conn is not None and _get_ident() != conn.ident:
            conn.wake()

    def _emit_close(self, *_):
        # Node: emitCloseNT (also the listener _Connection._pin_response_close
        # puts on the socket, hence the socket's 'close' arguments)
        if not self._closeEmitted:
            self._closeEmitted = True
            self.destroyed = True
            self.closed = True
            if self._events:        # (most responses have no listener at all)
                self.emit('close')


class Server(net.Server):
    """An HTTP server (Node's http.Server): a net.Server whose connections
    speak HTTP/1.1 and emit 'request'."""

    def __init__(self, options=None, requestListener=None, **kw):
        if callable(options):
            options, requestListener = None, options
        opts = dict(options or {}, **kw)
        opts.setdefault('noDelay', True)     # Node 20: http servers set TCP_NODELAY
        net.Server.__init__(self, opts)
        self.IncomingMessage = opts.get('IncomingMessage', IncomingMessage)
        self.ServerResponse = opts.get('ServerResponse', ServerResponse)
        self.timeout = 0                      # ms; no socket idle timeout (Node 13+)
        self.keepAliveTimeout = opts.get('keepAliveTimeout', 5000)   # ms, Node's default
        self.maxHeadersCount = None
        self.maxRequestsPerSocket = 0
        self.headersTimeout = opts.get('headersTimeout', 60000)        # ms, Node 20
        self.requestTimeout = opts.get('requestTimeout', 300000)       # ms, 5 minutes
        if self.requestTimeout and self.headersTimeout > self.requestTimeout:
            raise errors.ERR_OUT_OF_RANGE('http.Server.headersTimeout',
                                          '<= http.Server.requestTimeout', self.headersTimeout)
        self.maxHeaderSize = opts.get('maxHeaderSize')
        self.insecureHTTPParser = bool(opts.get('insecureHTTPParser', False))
        self.requireHostHeader = opts.get('requireHostHeader', True)
        self.joinDuplicateHeaders = bool(opts.get('joinDuplicateHeaders', False))
        self.rejectNonStandardBodyWrites = bool(opts.get('rejectNonStandardBodyWrites', False))
        # Node: kUniqueHeaders, given to each response (None: the option is unset)
        self._uniqueHeaders = parseUniqueHeadersOption(opts.get('uniqueHeaders'))
        # Checked and kept as Node does, but unused: each connection's thread
        # checks its own headersTimeout/requestTimeout deadlines (no timer)
        cci = opts.get('connectionsCheckingInterval')
        if cci is not None:
            validateInteger(cci, 'connectionsCheckingInterval', 0)
        self.connectionsCheckingInterval = 30000 if cci is None else cci
        self.highWaterMark = opts.get('highWaterMark')
        self.httpAllowHalfOpen = False
        self._http_conns = set()
        self._keep_alive_watch = _KeepAliveWatch()
        self._closed_all = False      # closeAllConnections() ran after close()
        if requestListener is not None:
            self.on('request', requestListener)
        self.on('connection', self._connection_listener)

    # The options that _handle_request hands to each request and response.
    # While every one has its default it skips them all on one check
    # (_plain_messages, kept by __setattr__: they may be set at any time).
    _PER_MESSAGE = frozenset(('maxHeadersCount', 'joinDuplicateHeaders', 'highWaterMark',
                              'rejectNonStandardBodyWrites', '_uniqueHeaders',
                              'maxRequestsPerSocket'))

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name in self._PER_MESSAGE:
            # (getattr: a subclass may make one of them a property)
            object.__setattr__(self, '_plain_messages', (
                getattr(self, 'maxHeadersCount', None) is None
                and not getattr(self, 'joinDuplicateHeaders', None)
                and not getattr(self, 'highWaterMark', None)
                and not getattr(self, 'rejectNonStandardBodyWrites', None)
                and getattr(self, '_uniqueHeaders', None) is None
                and not getattr(self, 'maxRequestsPerSocket', None)))

    def _connection_listener(self, socket):
        conn = _Connection(self, socket)
        self._http_conns.add(conn)
        if self._closed_all and not self.listening:
            # accepted before close(), announced after closeAllConnections()
            # ran: Node had it listed already, so it is closed too
            socket.destroy()
        socket._set_owner_loop(conn.run)

    def setTimeout(self, msecs=0, callback=None):
        """Sets the socket idle timeout of new connections ('timeout' event)."""
        if callable(msecs):
            msecs, callback = 0, msecs
        self.timeout = msecs
        if callback is not None:
            self.on('timeout', callback)
        return self

    def listen(self, *args, **kw):
        self._keep_alive_watch.resume()
        return net.Server.listen(self, *args, **kw)

    listen.__doc__ = net.Server.listen.__doc__

    def close(self, callback=None):
        """Stops accepting and closes idle connections (Node 19+); 'close'
        once every connection has ended."""
        self.closeIdleConnections()       # (first, as Node's httpServerPreClose)
        net.Server.close(self, callback)
        self._keep_alive_watch.stop()
        return self

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        """`with http.createServer(...) as server:` -- the analog of Node's
        `await using` (server[Symbol.asyncDispose]()): close(), then wait for
        'close' (every connection ended).  Not listening: ERR_SERVER_NOT_RUNNING
        as in Node, unless the block is already raising.  On one of nodehttp's
        threads it cannot wait (that would block a connection): it only closes."""
        if not self.listening:
            if exc_type is None:
                raise errors.ERR_SERVER_NOT_RUNNING()
            return None
        closed = threading.Event()
        self.close(lambda *a: closed.set())
        if not _tick.on_nodehttp_thread():
            closed.wait()
        return None

    def closeAllConnections(self):
        if not self.listening:
            self._closed_all = True
        for conn in list(self._http_conns):
            conn.socket.destroy()

    def closeIdleConnections(self):
        for conn in list(self._http_conns):
            # Node: idle = no request being received, and the response (if
            # any) ended -- res.finished, not yet flushed, as Node checks it.
            # A connection that has not completed a request yet (nothing
            # sent, or a head cut short) is not idle: Node's parser counts
            # it as a message in progress from the connection's start
            req, res = conn.req, conn.res
            if (conn.idle and conn.requestsCount and conn.parser.state != IN_HEAD) or (
                    req is not None and res is not None and res.finished
                    and (req.complete or conn._end_is_next())):
                conn.socket.destroy()


class _KeepAliveWatch:
    """Closes a server's kept-alive connections that stay idle past
    keepAliveTimeout (plus Node's buffer): one thread per server, running
    while some connection is watched and 2 s after (the next connection of
    a client that makes one request per connection finds it there), or
    until the server closes.  It wakes only at deadlines: adding or
    dropping a connection does not wake it unless a deadline comes sooner.

    Between requests a connection's thread waits in a recv with no timeout:
    SO_RCVTIMEO would arm a kernel timer on every blocking recv, which costs
    about 7% of the keep-alive throughput (measured with wrk -c16, see #2).
    A connection is put on the heap once, when it first goes idle after a
    request; when its entry comes due the watch reads the connection's own
    clock (`_head_start`, reset by each request) and either puts it back at
    its new deadline or destroys the socket as the connection's thread
    would have -- 'close' is still emitted on that thread.
    """

    def __init__(self):
        self._cond = threading.Condition(threading.Lock())
        # [deadline, n, conn] lists (n: a tie-break, so conns are never
        # compared); a connection keeps its entry as conn._watched, and an
        # ended one's entry loses its conn at once (its deadline may be
        # seconds away: connections that come and go are not kept for it)
        self._heap = []
        self._order = itertools.count()
        self._live = 0                # watched connections not yet ended
        self._dead = 0                # entries on the heap whose conn ended
        self._stopping = False        # the server closed: no lingering once idle
        self._thread = None           # the watch's thread while it runs
        self._wake_at = 0.0           # when its current wait ends (add() may end it sooner)

    def add(self, conn, deadline):
        """Watches conn from now on (its thread, once per connection).
        False when the watch cannot run (no thread may start: the
        interpreter is shutting down)."""
        with self._cond:
            if conn._watched is not None:
                return True
            if self._thread is None:
                thread = threading.Thread(target=self._run, name='nodehttp-keepalive',
                                          daemon=True)
                try:
                    thread.start()
                except RuntimeError:
                    return False
                self._thread = thread     # (its loop waits for our lock)
            elif deadline < self._wake_at:
                self._cond.notify()       # (else its wait ends in time by itself)
            entry = [deadline, next(self._order), conn]
            conn._watched = entry
            self._live += 1
            heapq.heappush(self._heap, entry)
            return True

    def discard(self, conn):
        """conn has ended (its thread): the watch forgets it (with nothing
        left, its thread lingers, then ends)."""
        with self._cond:
            entry = conn._watched
            if entry is None:
                return
            conn._watched = None
            entry[2] = None
            self._live -= 1
            heap = self._heap
            if not self._live:
                heap.clear()              # (the thread finds it so when its wait ends)
                self._dead = 0
                if self._stopping:
                    self._cond.notify()   # (a closed server's: it ends now)
            elif entry[0] is not None:    # (None: taken off the heap to be closed)
                self._dead += 1
                if self._dead > 64 and self._dead > self._live:
                    heap[:] = [e for e in heap if e[2] is not None]
                    heapq.heapify(heap)
                    self._dead = 0

    def stop(self):
        """The server closed: once nothing is left to watch, the thread ends
        at once instead of lingering.  (A connection busy at close() time is
        still watched when it goes idle: Node keeps it alive.)"""
        with self._cond:
            self._stopping = True
            self._cond.notify()

    def resume(self):
        """The server listens (again): the thread lingers once idle."""
        with self._cond:
            self._stopping = False

    def _run(self):
        heap = self._heap
        cond = self._cond
        with cond:
            try:
                while True:
                    if not heap:
                        # nothing to watch: wait a little for the next
                        # connection (a thread started for each would cost
                        # a client that makes one request per connection
                        # about half as much again), then end
                        if self._stopping:
                            break
                        self._wake_at = time.monotonic() + _WATCH_LINGER
                        if not cond.wait(_WATCH_LINGER) and not heap:
                            break         # (no connection came: a notify may
                        continue          # be one that came and went)
                    entry = heap[0]
                    now = time.monotonic()
                    if now < entry[0]:
                        self._wake_at = entry[0]
                        cond.wait(entry[0] - now)
                        continue
                    heapq.heappop(heap)
                    conn = entry[2]
                    if conn is None:
                        self._dead -= 1   # (ended since: discard counted it)
                        continue
                    due = conn._keep_alive_due(now)
                    if due > now:
                        entry[0] = due
                        entry[1] = next(self._order)
                        heapq.heappush(heap, entry)
                    else:
                        entry[0] = None
                        cond.release()    # (destroy() takes the socket's locks)
                        try:
                            conn.socket.destroy()
                        finally:
                            cond.acquire()
            finally:
                self._thread = None


class _Connection:
    """One HTTP connection on the server: Node's connectionListenerInternal state."""

    def __init__(self, server, socket):
        self.server = server
        self.socket = socket
        self.thread = None
        self.ident = None
        self._ticks = None              # the connection thread's tick state (run())
        self.parser = RequestParser(server.maxHeaderSize, server.insecureHTTPParser)
        self.req = None                 # the request being handled (Node: incoming)
        self.res = None                 # its response (Node: outgoing)
        self.requestsCount = 0
        self._seen = 0                  # SEEN_HOST / SEEN_EXPECT of the current head
        self.idle = True
        self._head_start = time.monotonic()   # when the current head began (headersTimeout)
        self._timed_out = False         # the current message's timeout fired (once, as Node)
        self._req_start = self._head_start
        self._eof = False
        self._watched = None            # its _KeepAliveWatch entry (under the watch's lock)
        self._ka_ms = 0                 # this idle spell's keepAliveTimeout (0: own deadline)
        self._pinned = None             # the response whose 'close' is a socket listener now
        self._error_behind_sent = False  # a parse error came with a request whose head went out
        self._disp_read = 0             # bytesRead when 'request' was emitted (-1: a body since)
        self._ka_timeout_set = False    # a response ended with a socket timeout set (Node's
                                        # keepAliveTimeoutSet): the next request resets it
        # 'request' may skip emit() when emit is EventEmitter's own
        self._plain_emit = type(server).emit is EventEmitter.emit and 'emit' not in vars(server)
        socket.parser = self.parser
        socket.on('timeout', self._socket_on_timeout)
        socket.on('close', self._socket_on_close)
        socket.on('drain', self._socket_on_drain)
        socket._before_close_listener = self._pin_response_close
        if server.timeout:
            socket.setTimeout(server.timeout)

    def wake(self):
        self.socket._wake()

    # -- the loop -------------------------------------------------------------

    def run(self):
        self.thread = threading.current_thread()
        self.ident = self.thread.ident
        self._ticks = _tick.current()
        server = self.server
        sock = self.socket
        events = self.parser.events
        sock._may_block = self._may_block
        # (listed when accepted, so that closeAllConnections() also ends one
        # whose thread had not started yet; after close() a fresh connection
        # stays, as in Node, whose close() only ends idle ones)
        try:
            while not sock.destroyed:
                if not events:
                    if self._eof or not self._fill():
                        break
                    continue
                kind, val = events.popleft()
                if kind is HEAD:
                    self.idle = False
                    if not self._handle_request(val):
                        break       # (else _see_through made it idle, its clock started)
                elif kind is ERROR:
                    self._client_error(val)
                    break
                # a stray END/BODY/UPGRADE outside a request is nothing to do
        finally:
            server._http_conns.discard(self)
            if self._watched is not None:
                server._keep_alive_watch.discard(self)
            sock._may_block = net._never

    def _may_block(self):
        """Writes may block this thread once the request body is all read."""
        req = self.req
        if req is None or req.complete:
            return True
        # all that is left of the body is its end, already parsed (a GET)
        events = self.parser.events
        return bool(events) and events[0][0] is END

    def _deadline(self):
        """The earliest of the socket idle timeout and the request timers."""
        server = self.server
        d = self.socket._idle_deadline()
        why = 'idle'
        if self.idle and self.parser.state != IN_HEAD:
            if self.requestsCount and server.keepAliveTimeout:
                ka = self._head_start + server.keepAliveTimeout / 1000.0 + _KEEP_ALIVE_BUFFER
                if d is None or ka < d:
                    d, why = ka, 'keepalive'
            elif not self.requestsCount and server.headersTimeout and not self._timed_out:
                ht = self._head_start + server.headersTimeout / 1000.0
                if d is None or ht < d:
                    d, why = ht, 'headers'
        elif self._timed_out:
            pass                        # (fired for this message: Node does not again)
        elif self.parser.state == IN_HEAD and server.headersTimeout:
            ht = self._head_start + server.headersTimeout / 1000.0
            if d is None or ht < d:
                d, why = ht, 'headers'
        elif self.req is not None and not self.req.complete and server.requestTimeout:
            rt = self._req_start + server.requestTimeout / 1000.0
            if d is None or rt < d:
                d, why = rt, 'request'
        return d, why

    def _keep_alive_due(self, now):
        """When this connection's keep-alive timer runs out (its watch asks,
        on the watch's thread; now: its clock): a time already past when it
        has.  Busy with a request, or idle with its own deadline, it cannot
        run out before a full timeout from now.  (Its own thread asks once,
        idle, with no clock, for the deadline it is first watched with.)"""
        ka = self._ka_ms
        if self.idle and ka and self.parser.state != IN_HEAD:
            return self._head_start + ka / 1000.0 + _KEEP_ALIVE_BUFFER
        return now + (ka or self.server.keepAliveTimeout or 5000) / 1000.0 + _KEEP_ALIVE_BUFFER

    def _fill(self):
        """Reads once into the parser.  False when the connection is over."""
        sock = self.socket
        if not sock._wq:
            # The common case: nothing to flush, so one blocking recv does
            # (no poll, one GIL hand-off), with a kernel timeout unless the
            # keep-alive watch keeps the time.
            was_idle = self.idle and self.parser.state != IN_HEAD
            ka = self.server.keepAliveTimeout
            if was_idle and ka and self.requestsCount and not sock._timeout_ms:
                # between requests of a kept-alive connection (_deadline's
                # first case, with no socket timeout to weigh against it):
                # no timeout on the recv, the server's watch closes it
                self._ka_ms = ka          # (the timeout of this idle spell, as Node arms it)
                deadline = None
                why = 'keepalive'
                if self._watched is None:
                    due = self._keep_alive_due(None)
                    if not self.server._keep_alive_watch.add(self, due):
                        deadline = due    # (no watch: the recv's own timeout)
            else:
                self._ka_ms = 0
                deadline, why = self._deadline()
            try:
                data = sock._recv_timed(deadline)
            except OSError:
                data = b''
            if data is None:
                return not sock.destroyed and self._on_deadline(why)
        else:
            self._ka_ms = 0               # (_deadline() keeps the time here)
            while True:
                deadline, why = self._deadline()
                r = sock._wait(True, deadline)
                if r is net.READ or r is net.HUP or r is net.DEAD:
                    break
                if r is net.WAKE:
                    return True
                if not self._on_deadline(why) or sock.destroyed:
                    return False
            if sock.destroyed:
                return False
            was_idle = self.parser.state != IN_HEAD and self.idle
            try:
                data = sock._recv()
            except OSError:
                data = b''
            if data is None:
                return True
        if not data:
            return self._on_eof()
        parser = self.parser
        parser.feed(data)
        if was_idle:
            self._timed_out = False
            if parser.state != IDLE:
                # a message left unfinished: its headersTimeout and
                # requestTimeout count from here (a whole one needs no clock)
                self._head_start = time.monotonic()
        return True

    def _on_eof(self):
        """A read gave the peer's FIN: Node's socketOnEnd.  The parser
        finishes; what it queues (a message cut short: its error) is the
        loop's to answer, and with nothing queued our side ends too and the
        socket's 'end' follows (_socket_end).  True: something is queued."""
        self._eof = True
        self._disp_read = -1            # (Node's 'end' comes after the packet's ticks)
        events = self.parser.events
        self.parser.finish()
        if events:
            return True
        self._socket_end()
        return False

    def _socket_end(self):
        """The peer ended its side (a read gave EOF): Node's socketOnEnd runs
        first (parser.finish(), done; then it ends our side too), then the
        socket's 'end' reaches the user's listeners, then 'close' (which
        aborts an exchange still in flight: _socket_on_close)."""
        sock = self.socket
        if not sock._rended and not sock.destroyed:
            sock._rended = True
            _tick.run(self._socket_end_tick)

    def _socket_end_tick(self):
        sock = self.socket
        if not sock.writableEnded:
            sock.end()
        sock._end_now()

    def _on_deadline(self, why):
        """A timer ran out while reading.  False: the connection is over."""
        if why == 'idle':
            self.socket._on_idle_timeout()
            return not self.socket.destroyed
        if why == 'keepalive':
            self.socket.destroy()
            return False
        return self._client_error(errors.ERR_HTTP_REQUEST_TIMEOUT())

    # -- one request ------------------------------------------------------------

    def _handle_request(self, h):
        """Dispatches one request and sees it through.  False: close."""
        server = self.server
        sock = self.socket
        self.requestsCount += 1
        self._req_start = self._head_start
        if self._ka_timeout_set:
            # Node's resetSocketTimeout: the socket's timeout is the server's again
            self._ka_timeout_set = False
            if server.timeout:
                sock.setTimeout(server.timeout)
        method, url, version, major, minor, raw, keep_alive, upgrade, self._seen = h
        cls = server.IncomingMessage    # (a load, then a call: a method-call form of
        req = cls(sock)                 # an attribute holding a class is never specialized)
        req._conn = self
        req.method = method
        req.url = url
        req.httpVersionMajor = major
        req.httpVersionMinor = minor
        req.httpVersion = version
        # Node: rawHeaders is whole; maxHeadersCount limits only req.headers.
        # (Still bytes: req.rawHeaders decodes them when first read.)
        req._rawBytes = raw
        req.upgrade = upgrade           # (Node: the parser's verdict; _maybe_upgrade decides)
        plain = server._plain_messages
        if plain:
            req._maxHeaderPairs = 2000  # Node: maxHeaderPairs, 2000 entries by default
        else:
            mhc = server.maxHeadersCount
            req._maxHeaderPairs = 2000 if mhc is None else 2 * mhc
            if server.joinDuplicateHeaders:
                req.joinDuplicateHeaders = True
            if server.highWaterMark:
                req.readableHighWaterMark = server.highWaterMark
        self.req = req

        if upgrade:
            handled = self._maybe_upgrade(req)
            if handled is not None:
                return handled

        cls = server.ServerResponse
        res = cls(req)
        res._conn = self
        if not plain:
            if server.rejectNonStandardBodyWrites:
                res._rejectNonStandardBodyWrites = True
            if server._uniqueHeaders is not None:
                res._uniqueHeaders = server._uniqueHeaders
            if server.maxRequestsPerSocket:
                res._maxRequestsPerSocket = server.maxRequestsPerSocket
                if self.requestsCount >= server.maxRequestsPerSocket:
                    res.maxRequestsOnConnectionReached = True
        res.socket = sock
        sock._httpMessage = res
        # Node: the parser's verdict wins over the constructor's HTTP/1.0
        # default, so a 1.0 request asking for keep-alive keeps the
        # connection when the framing allows it (Content-Length set, TE: chunked)
        res.shouldKeepAlive = keep_alive
        res._keepAliveTimeout = server.keepAliveTimeout
        # (after server.close() Node still keeps the connection alive: only
        # connections idle at close() time are closed, Node 19+)
        self.res = res
        self._disp_read = sock.bytesRead    # (_in_flight_at_error: no tick of Node's since)
        n = len(raw)
        if self._seen == SEEN_HOST and n < 64 and n <= req._maxHeaderPairs \
                and not res.maxRequestsOnConnectionReached and self._plain_emit:
            # The common case: a Host, no Expect, no limit reached -- nothing
            # for _dispatch to decide.  'request' as emit() calls it: the
            # listeners of the moment, in order (one, almost always).
            handlers = server._events.get('request')
            if handlers is not None and len(handlers) == 1:
                ticks = self._ticks         # (_tick.run, inline: no argument tuple)
                ticks.depth += 1
                try:
                    handlers[0](req, res)
                finally:
                    _tick.settle(ticks)
            else:
                _tick.run(server.emit, 'request', req, res)
        else:
            if n >= 64:
                self.parser.flushed = True  # (Node flushed at the 32nd field: _error_ahead)
            _tick.run(self._dispatch, req, res)
        return self._see_through(req, res)

    def _dispatch(self, req, res):
        server = self.server
        if (server.requireHostHeader and req.httpVersionMajor == 1 and req.httpVersionMinor == 1
                and not (self._seen & SEEN_HOST and (len(req.rawHeaders) <= req._maxHeaderPairs
                                                     or 'host' in req.headers))):
            # (Node looks at req.headers.host: a Host past maxHeadersCount is not there)
            # RFC 9112 §3.2: a 1.1 request without Host gets 400 (Node 20)
            res.writeHead(400, ['Connection', 'close'])
            res.end()
            return
        if res.maxRequestsOnConnectionReached and server.maxRequestsPerSocket and \
                self.requestsCount > server.maxRequestsPerSocket:
            server.emit('dropRequest', req, req.socket)
            res.writeHead(503)
            res.end()
            return
        expect = req.headers.get('expect') if self._seen & SEEN_EXPECT else None
        # Node: only an HTTP/1.1 request's Expect counts; continueExpression
        if expect is not None and req.httpVersionMajor == 1 and req.httpVersionMinor == 1:
            if _RE_CONTINUE.search(expect):
                res._expect_continue = True
                if server.listenerCount('checkContinue'):
                    server.emit('checkContinue', req, res)
                else:
                    res.writeContinue()
                    server.emit('request', req, res)
            elif server.listenerCount('checkExpectation'):
                server.emit('checkExpectation', req, res)
            else:
                res.writeHead(417)
                res.end()
            return
        server.emit('request', req, res)

    def _maybe_upgrade(self, req):
        """'upgrade' / 'connect': hand the socket over.  None: a normal request."""
        server = self.server
        events = self.parser.events
        event = 'connect' if req.method == 'CONNECT' else 'upgrade'
        rest = b''
        while events:
            kind, val = events.popleft()
            if kind is UPGRADE:
                rest = val
                break
        if server.listenerCount(event):
            req.upgrade = True
            req.complete = True
            req._rended = True
            sock = self.socket
            sock._httpMessage = None
            sock.parser = None
            sock.off('timeout', self._socket_on_timeout)
            sock.off('close', self._socket_on_close)
            sock.off('drain', self._socket_on_drain)
            sock._before_close_listener = None
            self.req = None
            _tick.run(server.emit, event, req, sock, rest)
            sock._set_owner_loop(sock._read_loop)    # the socket is the user's now
            return False
        if event == 'connect':
            self.socket.destroy()                    # Node: no 'connect' listener
            return False
        # Node: with no 'upgrade' listener it is a normal request whose body
        # llhttp reads by its framing (httptools left it in `rest`); the rest
        # of that packet is dropped, as Node 20 does
        req.upgrade = False
        headers = req.headers
        cl = headers.get('content-length')
        te = headers.get('transfer-encoding')
        if te is None and cl is not None and cl.strip().isdigit() and len(rest) >= int(cl):
            if int(cl):
                events.append((BODY, rest[:int(cl)]))
            events.append((END, []))
        elif te is not None or (cl is not None and cl.strip() != '0'):
            framing = 'Transfer-Encoding: ' + te if te is not None else 'Content-Length: ' + cl
            self.parser.feed(('PUT / HTTP/1.1\r\n%s\r\n\r\n' % framing).encode('latin-1') + rest)
            if events and events[0][0] is HEAD:
                events.popleft()                     # the stand-in head that frames it
        else:
            events.append((END, []))
        return None

    def _see_through(self, req, res):
        """After 'request': feed the body, wait for the response, then decide."""
        sock = self.socket
        events = self.parser.events
        hwm = req.readableHighWaterMark
        waker_ready = False
        if res._wfin and events and events[0][0] is END and not req._consuming \
                and req.readableFlowing is None and not req._rbuf:
            # The common case in one step: a bodiless request answered in its
            # handler.  Its end comes unread, so Node dumps it: 'end', 'close'.
            trailers = events.popleft()[1]
            req.complete = True
            if trailers:
                self._disp_read = -1      # (a tick of Node's: _in_flight_at_error)
                req.rawTrailers = trailers
            req._rended = True
            req._dumped = True
            req.readableFlowing = True
            if req._events or type(req) is not IncomingMessage:
                _tick.run(req._end_now)
            else:
                # nobody listens: 'end' and 'close' are only their flags
                req.readableEnded = True
                req.readable = False
                req.destroyed = True
                req.closed = True
        while not req.complete or not res._wfin:
            if sock.destroyed:
                return False
            if req.readableFlowing and (req._rbuf or (
                    req._rended and not req.readableEnded and not req.destroyed)):
                _tick.run(req._flow)         # (an ended body: just its 'end')
                continue
            if res._wfin:
                if not req.complete and events and events[0][0] is END:
                    self._body_event(req)     # the end of a bodiless request: no dump needed
                    continue
                if req.complete and not req.readableEnded and not req._consuming \
                        and not req._rbuf and req._rended and not req._dumped:
                    # Node dumps an unread body; with nothing left to read
                    # that is just 'end' (then 'close').
                    req._dumped = True
                    req.readableFlowing = True
                    _tick.run(req._end_now)
                if req.complete or res._last:
                    break      # Node: resOnFinish -- _last: destroySoon, body read or not
                if not req._dumped and not req._consuming:
                    _tick.run(req._dump)      # Node: resOnFinish dumps an unread body
                    continue
            if not req.complete and (req._dumped or req.readableFlowing or req._rlen < hwm):
                if events:
                    if not self._body_event(req):
                        return False
                    continue
                if self._eof or not self._fill():
                    sock.destroy()            # ('close' aborts the exchange)
                    return False
                continue
            # Wait: for the response, or for a reader of the body.  With the
            # waker in place, any change made by another thread wakes us.
            # A parse error already in the queue is Node's socketOnError now,
            # with this response in flight (Node parses the whole packet).
            for kind, val in events:
                if kind is ERROR:
                    self._client_error(val)
                    return False
            if not waker_ready:
                sock._ensure_waker()
                waker_ready = True
                continue
            # Node reads on while a response is in flight: a pipelined
            # request is parsed and waits its turn, garbage is an error at
            # once.  Bounded: at most _READ_AHEAD parsed events wait.
            read_on = req.complete and not self._eof and not self.parser.dead \
                and len(events) < _READ_AHEAD
            r = sock._wait(read_on, self._deadline()[0])
            if r is net.READ:
                try:
                    data = sock._recv()
                except OSError:
                    data = b''
                if data is None:
                    continue
                if data:
                    self.parser.feed(data)
                    continue
                # The peer's FIN.  A response still in flight is cut: the
                # socket's 'close' aborts the exchange.
                if self._on_eof() or res.finished:
                    if res.finished or any(kind is ERROR for kind, _ in events):
                        continue
                    # Pipelined requests wait behind it.  Node's socketOnEnd
                    # ends our side all the same (it emitted them; their
                    # answers would go nowhere), and the socket closes.
                    self._socket_end()
                return False
            if r is net.DEAD:
                return False                  # ('close' aborts the exchange)
            if r is net.HUP:
                # a FIN seen while not reading (Node would not see it yet)
                self._eof = True
                if not res.finished:
                    sock.destroy()            # ('close' aborts the exchange)
                    return False
            elif r is net.TIMEOUT and not self._on_timeout_while_busy():
                return False
        if req.complete and not req.readableEnded and not req._consuming and not req._dumped:
            _tick.run(req._dump)      # Node: resOnFinish dumps an unread body ('end', 'close')
        # done: Node's resOnFinish.  The idle clock starts before the
        # connection is marked idle (its keep-alive watch reads both).
        self._head_start = time.monotonic()
        self.idle = True                # (before req/res go: closeIdleConnections looks)
        self.req = self.res = None
        sock._httpMessage = None
        if self._pinned is not None:
            self._unpin_response_close()
        if not res._closeEmitted:
            _tick.run(res._emit_close)
        if res._last or not res.shouldKeepAlive:
            self._end_connection()
            return False
        self._timed_out = False
        if events and self._in_flight_at_error(res):
            at = self._error_ahead()
            if at >= 0:
                # Node met this parse error in the run of its parser that
                # brought the request, with the response in flight, head
                # sent: no 400 then.  The requests between never get theirs
                # out (Node queues their responses behind this one).
                for _ in range(at):
                    events.popleft()
                self._error_behind_sent = events[0][0] is ERROR
        if sock._timeout_ms and self.server.keepAliveTimeout:
            # Node's resOnFinish: the keep-alive timeout replaces the socket's
            # own (set by res.setTimeout(), req.setTimeout(), server.timeout)
            # until the next request; the keep-alive watch keeps that time
            sock.setTimeout(0)
            self._ka_timeout_set = True
        return True

    def _in_flight_at_error(self, res):
        """Whether Node, meeting a parse error now, would still have res as
        the socket's message with its head out (then it sends no 400): the
        head is out and res is not ended, or it ended with no tick of Node's
        since its 'request' -- Node runs its ticks after each packet and
        after each body callback of its parser, and a response's 'finish'
        waits for one.  (Ended: its end() was called; a write still held
        back is not weighed.)"""
        return res is not None and res._headerSent and (
            not res.finished or self._disp_read == self.socket.bytesRead)

    def _error_ahead(self, done=False):
        """Where the queued parse error is, when Node's parser meets it in
        the same run as the queue's front with no tick of Node's between
        (-1: none such).  Node's server parser reads straight from the
        socket, and those of its callbacks that go through MakeCallback end
        with the tick queue run: a body's ('data'), and the flush of header
        fields to JavaScript -- a message's trailers (before its end), a
        head's fields at the 32nd, and from the first flush on, every head
        (before its 'request').  done: the response in hand is over for
        Node, so the next request's meets the error.  A CONNECT that no
        'connect' listener takes stops Node there as an error does: it
        destroys the socket when its parser meets the head."""
        parser = self.parser
        for i, (kind, val) in enumerate(parser.events):
            if kind is ERROR:
                # (in a head or trailers that reached a 32nd field, Node's
                # parser flushed before it failed.  The fields stay in _raw,
                # all but the last: httptools gives a field when the next
                # one's name ends, where Node counts that next one)
                return i if len(parser._raw) < 62 else -1
            if kind is BODY or (kind is END and val):
                break
            if kind is HEAD:
                if done or parser.flushed or len(val[5]) >= 64:
                    break    # (flushed: set by a head taken before, or trailers parsed)
                if val[7] and val[0] == 'CONNECT' and not self.server.listenerCount('connect'):
                    return i
        return -1

    def _end_is_next(self):
        """The request's end is parsed, not yet dispatched (any thread may ask)."""
        try:
            return self.parser.events[0][0] is END
        except IndexError:
            return False

    def _body_event(self, req):
        kind, val = self.parser.events.popleft()
        if kind is BODY:
            self._disp_read = -1          # (a tick of Node's: _in_flight_at_error)
            _tick.run(req.push, val)
        elif kind is END:
            req.complete = True
            if val:
                self._disp_read = -1      # (trailers: a tick of Node's)
                req.rawTrailers = val
                req._trailers = None     # read before the end: built again
            events = self.parser.events
            if events:
                # Node: an error in the rest of the packet is handled
                # (socketOnError) before 'end', which waits for a tick --
                # unless a tick of Node's comes first, and 'end' (with what
                # the handler does then) there; or this response is over
                # for Node, and the error meets the next request's
                res = self.res
                at = self._error_ahead(res is not None and res.finished
                                       and not self._in_flight_at_error(res))
                if at >= 0:
                    _tick.run(self._end_then_error, req, events[at])
                    return False
            if self._eof:
                # a body that ended with the connection (insecureHTTPParser):
                # Node's socketOnEnd ends our side as the message completes,
                # so the answer its 'end' brings goes nowhere
                _tick.run(self._end_at_eof, req)
                return True
            _tick.run(req.push, None)
        elif kind is ERROR:
            self._client_error(val)
            return False
        return True

    def _end_at_eof(self, req):
        req.push(None)
        self.socket.end()

    def _end_then_error(self, req, event):
        req.push(None)
        kind, val = event
        if kind is ERROR:
            self._client_error(val)
        else:
            self.socket.destroy()       # (a CONNECT nobody takes: _error_ahead)

    def pull_body(self, req):
        """One step of reading req's body on this thread (iteration in a handler)."""
        events = self.parser.events
        if events:
            if not self._body_event(req):
                self._abort()
            return
        if self._eof or not self._fill():
            self._abort()

    def _end_connection(self):
        """Node: destroySoon -- FIN after what is queued, then close."""
        sock = self.socket
        sock.end()
        while sock._wq and not sock.destroyed:
            if sock._wait(False, None) is net.DEAD:
                break
        sock.destroy()

    # -- trouble ------------------------------------------------------------------

    def _abort(self):
        """The peer left while the handler reads the body on this thread
        (pull_body): the socket closes now, not when the handler returns,
        so that its 'close' and the exchange's abort (_socket_on_close) come
        before the handler's read raises, as in Node."""
        sock = self.socket
        sock.destroy()
        _tick.run(sock._close_now)     # (and what its listeners deferred)

    def _socket_on_close(self, had_error):
        # Node: socketOnClose, the socket's first 'close' listener: the
        # request in flight is destroyed ('aborted' now, its 'error' and
        # 'close' on later ticks).  The response's 'close' is its own
        # listener, registered when it got the socket: after the listeners
        # the socket had then, so after this emit's others unless one was
        # added since (then _pin_response_close made it a real listener).
        # (net emits 'close' inside a tick on our threads: next_tick defers.)
        res = self.res
        if res is not None:
            self.res = None
            if self._pinned is not res:
                _tick.next_tick(res._emit_close)
        req = self.req
        if req is not None:
            self.req = None
            if not req.destroyed:
                req.destroy(errors.conn_reset('aborted'))

    def _pin_response_close(self):
        """A 'close' listener is being added to the socket (net's hook): with a
        response in flight, that response's own 'close' listener goes first,
        where Node put it when the response got the socket."""
        res = self.res
        if res is not None and self._pinned is not res and not res._closeEmitted:
            if self._pinned is not None:
                self._unpin_response_close()
            self._pinned = res
            EventEmitter._add(self.socket, 'close', res._emit_close, False)

    def _unpin_response_close(self):
        res, self._pinned = self._pinned, None
        self.socket.removeListener('close', res._emit_close)

    def _socket_on_drain(self):
        # Node: ondrain -- the response that was told to wait gets 'drain'
        msg = self.socket._httpMessage
        if msg is not None and not msg.finished and getattr(msg, '_needDrain', False):
            msg._needDrain = False
            msg.emit('drain')

    def _socket_on_timeout(self):
        # Node: socketOnTimeout -- whoever listens gets it; nobody: destroy
        sock = self.socket
        req = self.req
        handled = False
        if req is not None and not req.complete and req.emit('timeout', sock):
            handled = True
        res = self.res
        if res is not None and res.emit('timeout', sock):
            handled = True
        if self.server.emit('timeout', sock):
            handled = True
        if not handled and not sock.listenerCount('timeout') > 1:
            sock.destroy()

    def _on_timeout_while_busy(self):
        """A timer ran out while a response is in flight.  False: over."""
        deadline, why = self._deadline()
        if why == 'idle':
            self.socket._on_idle_timeout()
        elif why == 'request':
            return self._client_error(errors.ERR_HTTP_REQUEST_TIMEOUT())
        return True

    def _client_error(self, err):
        """Node: socketOnError -- 'clientError', else a canned answer and
        destroy.  True: the connection goes on, which is when a timeout's
        listener left the socket open: Node's parser reads on, so the late
        request is served when it comes (and the peer's EOF in mid-request
        is one more 'clientError', HPE_INVALID_EOF_STATE).  The timer does
        not fire again for that message."""
        sock = self.socket
        server = self.server
        req = self.req
        timeout = getattr(err, 'code', None) == 'ERR_HTTP_REQUEST_TIMEOUT'
        if req is not None and not req.complete and not timeout:
            req.aborted = True
        if server.listenerCount('clientError'):
            _tick.run(server.emit, 'clientError', err, sock)
            if sock.destroyed:
                return False
            if timeout:
                self._timed_out = True
                return True
            # the listener owns the socket now; nothing more is parsed
            sock._may_block = net._never
            sock._set_owner_loop(sock._read_loop)
            sock.parser = None
            return False
        # Node: no response in flight, or none of it written yet; and its
        # socket not corked (by cork(), or by an end() that threw), where
        # the answer would wait, and go with the destroy
        msg = sock._httpMessage
        if sock.writable and not self._in_flight_at_error(msg) and not self._error_behind_sent \
                and not (msg is not None and msg._corked):
            sock.write(_CANNED.get(getattr(err, 'code', None), _BAD_REQUEST))
        if self._eof:
            self._socket_end()      # (the error was the EOF's: socketOnEnd's 'end' follows)
        self._end_connection()
        return False


def createServer(options=None, requestListener=None, **kw):
    """Returns a new http.Server; requestListener listens to 'request'."""
    return Server(options, requestListener, **kw)
