"""ClientRequest — the counterpart of lib/_http_client.js (Node 20.20.2).

`http.request()` makes a ClientRequest, which asks its Agent for a socket
(agent.py); each socket has one thread, its *owner*, which connects, sends
what the request buffered before the socket was ready, parses the response
and pushes its body into the IncomingMessage.  That thread runs
`_ClientConn.run`, the per-socket state machine:

        connect (net thread)  --- fails ---> socket 'error' + 'close'
          |                                  -> req 'error', req 'close'
          v
    +-> IDLE: no request (fresh, or free in the Agent's pool): watch the
    |     |   socket; the peer closing it or the agent timeout ends it
    |     |   (and the Agent drops it from the pool)
    |     | a request is assigned (tickOnSocket), its buffered bytes sent
    |     v
    |   HEAD: read + parse until the final head; a 1xx gives 'information'
    |     |   (and 'continue' for 100); EOF or a parse error -> req 'error'
    |     | final head: 'response' (no listener: the body is dumped)
    |     v
    |   BODY: push the body into res, back-pressure at its high-water mark;
    |     |   EOF cuts it short -> res 'aborted', res 'error', 'close'
    |     | the response ended and the request finished (Node:
    |     | responseOnEnd / requestOnFinish)
    |     v
    +-- keep-alive: req 'close', socket 'free' -> the Agent pools it or hands
          it to a queued request;  else: the socket is closed.

CONNECT responses and 101 Upgrade hand the socket to the user ('connect',
'upgrade'), whose thread then runs the plain net.Socket read loop.

Event timing.  Inside a nodehttp callback Node's next tick is the thread's
tick queue.  On a thread that is not nodehttp's (the main script, a user's
thread) it is the moment that thread next waits or ends (_foreign.py):
onSocket (so 'socket', the flush and everything after), 'abort' and
createConnection's error are deferred to it, and a response's resume()
from there takes effect then (Readable.resume) -- so every listener the thread
attaches before it waits is in time, in Node's order.  After that wait,
the events whose absence changes what happens -- 'response', 'upgrade',
'connect', 'continue', 'information' and 'error' -- are held, with the
socket left unread (queued writes still flushed), until a listener is
attached or the creating thread ends (DESIGN.md "Event timing").  A 1xx
event is also released by a listener for a later event ('continue' and
'information' by 'response'), so a script that only listens for
'response' does not wait on a 103 nobody asked about.  'socket' and
'finish' that found no listener are kept: one that thread attaches
afterwards is called at once.  An 'error' raised with no listener on the
creating thread itself (createConnection's error) waits for a listener
the same way, and is reported when that thread ends.

What differs from Node, and why:

- An 'error' with no listener is raised on the creating thread, and
  reported through threading.excepthook on nodehttp's threads; the process
  goes on and exits 0 (Node crashes with exit code 1).
- A queued request (maxSockets) keeps the process alive, as its 'close'
  is still due.
- net.Socket is not writable while it connects; the request buffers what
  is written until the socket has connected (Node buffers in the socket).
- Threads: the Agent's dicts are shared by every socket's thread and
  guarded by a lock; a socket being created counts against maxSockets at
  once (Node's single thread needs no such reservation).
"""

import base64
import errno as _errno
import re
import threading
from urllib.parse import ParseResult, SplitResult, unquote, urlsplit

from . import _foreign, _liveness, _tick, abort as _abort, errors, net, stream
from ._common import check_is_http_token, js_truthy, validateHeaderValue, validateInteger
from ._parser import BODY, END, ERROR, HEAD, UPGRADE, ResponseParser
from .events import _OnceWrapper, _check_listener
from .incoming import IncomingMessage
from .outgoing import HIGH_WATER_MARK, OutgoingMessage, parseUniqueHeadersOption

__all__ = ['ClientRequest', 'request', 'get']

# Node: INVALID_PATH_REGEX -- anything outside U+0021..U+00FF
_INVALID_PATH = re.compile('[^\u0021-\u00ff]').search
_NO_CHUNKED = frozenset(('GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'))
_COMMON_METHODS = frozenset(('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'))
_INF = float('inf')
# The options most requests give.  The others are looked up (in one pass)
# only when opts has a key outside these: a call per lookup saved.
_COMMON_OPTIONS = frozenset(('agent', 'host', 'hostname', 'port', 'path', 'method', 'headers'))
_SELDOM_OPTIONS = ('_defaultAgent', 'createConnection', 'protocol', 'defaultPort', 'setHost',
                   'socketPath', 'timeout', 'maxHeaderSize', 'insecureHTTPParser',
                   'joinDuplicateHeaders', 'auth', 'uniqueHeaders')
_NO_SELDOM_OPTIONS = (None,) * len(_SELDOM_OPTIONS)
from _thread import RLock as _RLock, get_ident as _get_ident
_agent_mod = None


def _agent_module():
    global _agent_mod
    if _agent_mod is None:
        from . import agent
        _agent_mod = agent
    return _agent_mod
# One-shot events held from a foreign thread until someone listens: each is
# released by a listener for itself or for an event that comes after it in
# the exchange (a script that listens for 'response' only must not wait on a
# 103 Early Hints nobody asked about).
_RELEASED_BY = {
    'continue': ('continue', 'information', 'response', 'upgrade', 'connect'),
    'information': ('information', 'response', 'upgrade', 'connect'),
    'response': ('response',),
    'upgrade': ('upgrade',),
    'connect': ('connect',),
    'error': ('error',),
}
_late_lock = threading.Lock()   # ClientRequest._late: kept for a listener vs replayed
_finish_lock = threading.Lock()   # ClientRequest._wfin: who emits 'finish'
_HOST_HEADERS = {}         # (host, port, defaultPort) -> the Host header it gives, validated
_EOF = 'eof'               # our event: the peer closed (after parser.finish())
_DEAD = getattr(net, 'DEAD', object())


# -- URL handling (Node: new URL() + urlToHttpOptions) ------------------------

# WHATWG percent-encode sets for special schemes: path and query
_PATH_ENCODE = frozenset(' "#<>?`{}')
_QUERY_ENCODE = frozenset(' "#<>\'')


def _pct(s, enc):
    if s.isascii() and not any(c in enc or c < '!' or c == '\x7f' for c in s):
        return s
    out = []
    for c in s:
        if c in enc or c < '!' or c >= '\x7f':
            out.append(''.join('%%%02X' % b for b in c.encode('utf-8')))
        else:
            out.append(c)
    return ''.join(out)


def urlToHttpOptions(url):
    """The options Node's urlToHttpOptions gives for a URL string or a
    urllib.parse result: protocol, hostname (IPv6 brackets stripped),
    hash, search, pathname, path, href, and port and auth when present."""
    if isinstance(url, (SplitResult, ParseResult)):
        url = url.geturl()
    text = url.strip()
    try:
        u = urlsplit(text)
        port = u.port
    except ValueError:
        raise errors.ERR_INVALID_URL(url) from None
    if not u.scheme or (u.scheme in ('http', 'https') and not u.hostname):
        raise errors.ERR_INVALID_URL(url)
    scheme = u.scheme.lower()
    pathname = _pct(u.path or '/', _PATH_ENCODE)
    search = '?' + _pct(u.query, _QUERY_ENCODE) if u.query else ''
    opts = {
        'protocol': scheme + ':',
        'hostname': (u.hostname or '').lower(),
        'hash': '#' + u.fragment if u.fragment else '',
        'search': search,
        'pathname': pathname,
        'path': pathname + search,
        'href': text,
    }
    if port is not None and port != {'http': 80, 'https': 443}.get(scheme):
        opts['port'] = port
    if u.username or u.password:
        opts['auth'] = '%s:%s' % (unquote(u.username or ''), unquote(u.password or ''))
    return opts


def _is_url(x):
    return isinstance(x, (str, SplitResult, ParseResult))


# -- the per-socket connection --------------------------------------------------

class _ClientConn:
    """One client socket's thread and parser (Node: the socket's parser and
    the socket listeners tickOnSocket installs, bound once per socket).

    `req` is the request the socket serves now (None while it is idle or
    free); the response's IncomingMessage has `_conn` = self, so `thread`,
    `wake()` and `pull_body()` are what incoming.py asks of a producer."""

    def __init__(self, socket):
        self.socket = socket
        self.thread = None
        self.ident = None              # its ident (compared on every request)
        self.req = None
        self.parser = None
        self.hadError = False          # Node: socket._hadError (one error per socket)
        self._closed_with = None       # (error) seen before a request was assigned
        self._done = False             # the current response is complete
        self._force_read = False       # the connection died: read regardless
        self._idle_until = None        # the deadline of the idle wait (_idle); None: none
        socket._client_conn = self
        socket.on('error', self._socket_error_listener)
        socket.on('close', self._socket_close_listener)
        socket.on('drain', self._ondrain)
        socket.on('timeout', self._socket_on_timeout)
        socket._set_owner_loop(self.run)

    def wake(self):
        self.socket._wake()

    # -- assignment (any thread) ---------------------------------------------

    def assign(self, req):
        """tickOnSocket: `req` is served next on this socket."""
        parser = self.parser
        if parser is None or parser.max_header_size != (req.maxHeaderSize or
                                                         parser.max_header_size) \
                or parser.insecure != bool(req.insecureHTTPParser):
            parser = self.parser = ResponseParser(req.maxHeaderSize or None,
                                                  bool(req.insecureHTTPParser))
        else:
            parser.reset()
        parser.expect(req.method)
        self._done = False
        self._force_read = False
        self.req = req
        req.parser = parser
        self.socket.parser = parser
        sock = self.socket
        if sock._sock is not None and not sock.destroyed:
            req._socket_ready(sock)        # connected already (a reused socket)
        if _get_ident() != self.ident and not (
                req._ready and not sock._wq and not sock._timeout_ms and self._idle_until is None):
            # (not when the request is all sent and the socket's thread waits
            # idle with no deadline, or will: the response wakes it.  A
            # wake-up first would make it run, block in recv, and run again:
            # a blocking loop of requests from the main thread spends ~20%
            # less CPU without it.  A later setTimeout() wakes it itself.)
            self.wake()

    def release(self, req):
        """The exchange is over and the socket goes back to the Agent."""
        if self.req is req:
            self.req = None
            if self.socket._httpMessage is req:
                self.socket._httpMessage = None
            if _get_ident() != self.ident:
                self.wake()

    def _may_block(self):
        """Writes may block this thread once the response is all read."""
        return self.req is None or self._done

    # -- the owner loop (the socket's thread) ------------------------------------

    def run(self):
        self.thread = threading.current_thread()
        self.ident = self.thread.ident
        sock = self.socket
        sock._ensure_waker()
        sock._may_block = self._may_block
        if sock._rbuf and self.parser is not None:
            # read by the plain loop before it handed the socket over
            while sock._rbuf:
                self.parser.feed(sock._rbuf.popleft())
            sock._rlen = 0
        try:
            while not sock.destroyed:
                req = self.req
                if req is None:
                    if not self._idle():
                        break
                elif not self._serve(req):
                    break
        finally:
            sock._may_block = net._never

    def _idle(self):
        """No request: wait for one, or for the peer to close.  False: over."""
        sock = self.socket
        until = self._idle_until = sock._idle_deadline()
        r = sock._wait(True, until)
        if self.req is not None or sock.destroyed:
            return not sock.destroyed
        if r is net.TIMEOUT:
            sock._on_idle_timeout()         # the Agent destroys a free socket
        elif r is net.READ:
            try:
                data = sock._recv()
            except OSError as exc:
                sock.destroy(errors.from_oserror(exc, 'read'))
                return False
            if data is None:
                return True
            if self.req is not None:
                # a response already (the request went out from another thread)
                self.parser.feed(data) if data else self._eof_seen()
                return True
            if data:
                # bytes nobody asked for: Node's free socket flows with no
                # parser, so they are read and dropped; the socket stays
                return True
            # EOF on an idle socket (the server closed a kept-alive
            # connection): done with it.
            sock.destroy()
            return False
        return True

    def _serve(self, req):
        """Sends req's buffered bytes, reads its response, sees it through.
        True: the socket is free again (or serves the next request)."""
        sock = self.socket
        if not req._ready:                 # (as a rule assign() flushed it already)
            req._socket_ready(sock)
        events = self.parser.events
        while True:
            if sock.destroyed:
                self._rest_of_packet(req)
                return False
            if self.req is not req:
                return True
            res = req.res
            if not self._done:
                if res is not None and res.readableFlowing and res._rbuf:
                    _tick.run(res._flow)
                    continue
                if res is None or res._dumped or res.readableFlowing or \
                        res._rlen < res.readableHighWaterMark or self._force_read:
                    if events:
                        if not self._event(req):
                            return False
                        continue
                    if not self._fill():
                        return False
                    continue
            elif res is not None and res.readableFlowing and not res.destroyed and \
                    (res._rbuf or (res._rended and not res.readableEnded)):
                # (also with nothing left but the end: a resume() from another
                # thread after the last chunk was read must still give 'end')
                _tick.run(res._flow)
                continue
            # Wait: for a reader of the body, for the request to finish, or
            # for the Agent to take the socket back.
            r = sock._wait(False, sock._idle_deadline())
            if r is net.TIMEOUT:
                sock._on_idle_timeout()
            elif r is _DEAD:
                if sock.destroyed:
                    return False
                if self._done:
                    sock.destroy()
                    return False
                self._force_read = True   # read what is left, then see the end

    def _rest_of_packet(self, req):
        """The socket was destroyed (req.destroy() in 'response', say) with
        the rest of a packet parsed and not yet seen: Node's parser had gone
        through it all the same, so a body that ends there is complete and
        its response ends (a dumped one without 'data') instead of being
        aborted by the socket's 'close'."""
        events = self.parser.events
        while events and events[0][0] in (BODY, END) and self.req is req and not self._done:
            res = req.res
            if res is None or res.destroyed:
                break
            self._event(req)

    def _fill(self):
        """Reads once into the parser.  False when the socket is gone."""
        sock = self.socket
        if not sock._wq:
            try:
                data = sock._recv_timed(sock._idle_deadline())
            except OSError as exc:
                if not sock.destroyed:
                    sock.destroy(errors.from_oserror(exc, 'read'))
                return False
            if data is None:
                if sock.destroyed:
                    return False
                sock._on_idle_timeout()
                return True
        else:
            r = sock._wait(True, sock._idle_deadline())
            if r is net.TIMEOUT:
                sock._on_idle_timeout()
                return True
            if r is net.WAKE:
                return True
            if sock.destroyed:
                return False
            try:
                data = sock._recv()
            except OSError as exc:
                sock.destroy(errors.from_oserror(exc, 'read'))
                return False
            if data is None:
                return True
        if data:
            self.parser.feed(data)
        else:
            self._eof_seen()
        return True

    def _eof_seen(self):
        parser = self.parser
        parser.finish()
        events = parser.events
        if events and events[-1][0] is ERROR and \
                getattr(events[-1][1], 'code', None) == 'HPE_INVALID_EOF_STATE':
            events.pop()                  # Node: socketOnEnd ignores finish()'s verdict
        events.append((_EOF, None))

    def pull_body(self, res):
        """One step of reading res's body on this thread (`for chunk in res`
        inside a callback)."""
        req = self.req
        if req is None or req.res is not res or self._done:
            return
        if self.parser.events:
            self._event(req)
        else:
            self._fill()

    # -- parser events ---------------------------------------------------------

    def _event(self, req):
        kind, val = self.parser.events.popleft()
        if kind is BODY:
            res = req.res
            if res is not None and not res._dumped:
                if not res.complete:
                    # Node parses a whole packet before its 'data' is seen:
                    # a body that ends in this packet is complete already.
                    for k, _v in self.parser.events:
                        if k is END:
                            res.complete = True
                            break
                        if k is not BODY:
                            break
                _tick.run(res.push, val)
            return True
        if kind is HEAD:
            return self._on_head(req, val)
        if kind is END:
            res = req.res
            if res is None:
                return True                # a 1xx ends: the final response follows
            if res.upgrade:
                res.complete = True
                return True                # the UPGRADE event follows
            events = self.parser.events
            if events and events[0][0] is ERROR:
                # Node parses on past a response in the same packet: what
                # follows it (a body after a HEAD, 204 or 304 answer, or any
                # garbage) is a parse error of the request, before 'end'
                self._end_response(req, res, val, False)
                err = events.popleft()[1]
                self._hold(req, 'error')
                _tick.run(self._error_after_response, req, res, err)
                return False
            _tick.run(self._end_response, req, res, val)
            return True
        if kind is UPGRADE:
            return self._on_upgrade(req, val)
        if kind is ERROR:
            # Node: socketOnData, parse error
            self._hold(req, 'error')
            _tick.run(self._parse_error, req, val)
            return False
        if kind is _EOF:
            return self._on_end(req)
        return True

    def _end_response(self, req, res, trailers, push=True):
        """The response's message is complete: its trailers, its end."""
        res.complete = True
        if trailers:
            res.rawTrailers = trailers
        self._done = True
        if push:
            res.push(None)

    def _error_after_response(self, req, res, err):
        self._parse_error(req, err)
        res.push(None)

    def _parse_error(self, req, err):
        self.socket.destroy()
        self.hadError = True
        req._emit_error(err)

    def _on_end(self, req):
        """Node: socketOnEnd."""
        sock = self.socket
        if req.res is None and not self.hadError:
            self._hold(req, 'error')
            self.hadError = True
            _tick.run(self._hang_up, req)
        else:
            _tick.run(sock.destroy)
        return False

    def _hang_up(self, req):
        self.socket.destroy()
        req._emit_error(errors.conn_reset('socket hang up'))

    def _on_head(self, req, h):
        """Node: parserOnHeadersComplete + parserOnIncomingClient."""
        sock = self.socket
        if req.res is not None:
            sock.destroy()                 # a second response: Node destroys
            return False
        res = IncomingMessage(sock)
        res._conn = self
        res.httpVersionMajor = h.versionMajor
        res.httpVersionMinor = h.versionMinor
        res.httpVersion = '1.1' if h.versionMajor == 1 and h.versionMinor == 1 \
            else '%d.%d' % (h.versionMajor, h.versionMinor)
        res.statusCode = status = h.statusCode
        res.statusMessage = h.statusMessage
        res.rawHeaders = h.rawHeaders
        if req.maxHeadersCount:
            res._maxHeaderPairs = 2 * req.maxHeadersCount
        if req.joinDuplicateHeaders:
            res.joinDuplicateHeaders = True
        res.upgrade = bool(h.upgrade and status == 101)
        res.req = req
        if res.upgrade or req.method == 'CONNECT':
            res.upgrade = True
            req.res = res
            return True                    # the UPGRADE event follows
        if 100 <= status < 200 and status != 101:
            # informational: 'continue' for 100, then 'information'
            if status == 100:
                self._hold(req, 'continue')
                _tick.run(req.emit, 'continue')
            self._hold(req, 'information')
            _tick.run(req.emit, 'information', {
                'statusCode': status, 'statusMessage': res.statusMessage,
                'httpVersion': res.httpVersion, 'httpVersionMajor': h.versionMajor,
                'httpVersionMinor': h.versionMinor, 'headers': res.headers,
                'rawHeaders': res.rawHeaders})
            return True
        if req.shouldKeepAlive and not h.keepAlive and not req.upgradeOrConnect:
            req.shouldKeepAlive = False
        req.res = res
        # res.on('end', self._response_on_end): the first listener of a
        # fresh response ('end' needs nothing of Readable's on())
        res._events['end'] = (self._response_on_end,)
        if req._creator is not None:       # (only a foreign creator's are held)
            self._hold(req, 'response')
        if req.finished and not req._wfin and not sock._wq:
            # The request is all with the kernel, but its 'finish' may wait
            # in the tick queue of the thread that wrote it: Node emits it
            # before 'response', so it is emitted here (once: _on_flushed)
            _tick.run(req._on_flushed)
        _tick.run(self._emit_response, req, res)
        if status == 304:
            res.complete = True
        return True

    def _emit_response(self, req, res):
        if req.aborted or not req.emit('response', res):
            res._dump()
        # Node's client parses the whole packet before the ticks the
        # listeners queued (a resume()) run, and a fresh response buffers
        # what it is pushed until its first read (Node's state.sync): a body
        # that ends in this packet is in the buffer, ended, when the flow
        # begins, and the read that empties it schedules 'end' even if a
        # 'data' listener pauses.
        events = self.parser.events
        n = 0
        while n < len(events) and events[n][0] is BODY:
            n += 1
        if n < len(events) and events[n][0] is END and \
                (n + 1 == len(events) or events[n + 1][0] is not ERROR):
            for _ in range(n):
                val = events.popleft()[1]
                if val and not res._dumped and not res.destroyed:
                    res._buffer(val)
            self._end_response(req, res, events.popleft()[1])

    def _on_upgrade(self, req, head):
        """Node: socketOnData, the upgrade branch: the socket is the user's."""
        sock = self.socket
        event = 'connect' if req.method == 'CONNECT' else 'upgrade'
        res = req.res
        if res is None:
            sock.destroy()
            return False
        self._hold(req, event)
        if req.listenerCount(event) > 0:
            req.upgradeOrConnect = True
            self.req = None
            sock.off('error', self._socket_error_listener)
            sock.off('close', self._socket_close_listener)
            sock.off('drain', self._ondrain)
            sock.off('timeout', self._socket_on_timeout)
            sock._httpMessage = None
            sock.parser = None
            sock._client_conn = None
            sock.readableFlowing = None
            sock._may_block = net._never
            sock._set_owner_loop(sock._read_loop)
            _tick.run(self._emit_upgrade, req, event, res, sock, head)
            return False
        sock.destroy()
        return False

    def _emit_upgrade(self, req, event, res, sock, head):
        sock.emit('agentRemove')
        try:
            req.emit(event, res, sock, head)
        finally:
            # (a listener that raised: the request still closes; the socket
            # thread reports it and closes the socket, as for any listener)
            req.destroyed = True
            req._emit_close()

    # -- holding one-shot events (foreign creator thread) ----------------------

    def _hold(self, req, event):
        """Waits, the socket unread, until `event` has a listener or the
        thread that made the request has ended (DESIGN.md, Event timing).

        No polling: the wait is woken by what it waits for.  A listener
        added to the request (ClientRequest._add), req.destroy() and the
        creator's end (its ThreadEnd, _liveness.py) call `wake`, which sets
        this hold's Event and writes the socket's waker pipe; the socket's
        owner waits in sock._wait (flushing queued writes meanwhile), which
        the pipe, a destroy (shutdown) and write progress wake; any other
        thread waits on the Event.  `wake` is listed before the condition is
        looked at, so a listener or an end that comes in between is not
        missed."""
        creator = req._creator
        if creator is None or req._events.get(event):
            return
        me = threading.current_thread()
        if me is creator:
            return
        names = _RELEASED_BY[event]
        events = req._events
        if any(events.get(n) for n in names):
            return
        end = req._creator_end
        sock = self.socket
        owner = me is self.thread and sock._sock is not None
        if owner:
            sock._ensure_waker()
        ev = threading.Event()

        def wake():
            ev.set()
            sock._wake()

        holds = req._holds
        if holds is None:
            holds = req._holds = []
        holds.append(wake)
        try:
            if not end.add(wake):
                return                     # the creator has ended
            try:
                while not any(events.get(n) for n in names) and not end.ended:
                    if event != 'error' and (sock.destroyed or req.destroyed):
                        return
                    if owner and not sock.destroyed:
                        # the socket's own thread: keep flushing queued writes
                        if sock._wait(False) == _DEAD:
                            owner = False  # hung up both ways: nothing to flush
                    else:
                        ev.wait()
                        ev.clear()
            finally:
                end.remove(wake)
        finally:
            holds.remove(wake)

    # -- socket listeners (Node: socketCloseListener & co) ----------------------

    def _socket_error_listener(self, err):
        req = self.req
        if req is None:
            self._closed_with = err
            return
        if req.destroyed and req.res is None and err is not req._error:
            # destroyed by the user while connecting: Node never sees the
            # connect error; 'close' gives 'socket hang up'
            return
        if not self.hadError:
            self.hadError = True
            self._hold(req, 'error')
            req._emit_error(err)
        self.socket.destroy()

    def _socket_close_listener(self, had_error=False):
        if not _tick.in_callback() and _tick.on_nodehttp_thread():
            # the socket's thread closing it after a destroy() from another
            # thread: one tick, so the response's 'error'/'close' (deferred)
            # come after the request's 'close', as in Node
            return _tick.run(self._socket_close_listener, had_error)
        req = self.req
        if req is None:
            if self._closed_with is None:
                self._closed_with = False
            return
        self.req = None
        res = req.res
        req.destroyed = True
        if res is not None:
            if not res.complete:
                res.destroy(errors.conn_reset('aborted'))
            req._emit_close()
            if not res.aborted and res.readable and not res._rended:
                res.push(None)
        else:
            if not self.hadError:
                self.hadError = True
                self._hold(req, 'error')
                req._emit_error(errors.conn_reset('socket hang up'))
            req._emit_close()
        req._outbuf = None

    def _ondrain(self):
        msg = self.req
        if msg is not None and not msg.finished and getattr(msg, '_needDrain', False):
            msg._needDrain = False
            msg.emit('drain')

    def _socket_on_timeout(self):
        req = self.req
        if req is None:
            return
        if req.timeoutCb:
            req.emit('timeout')            # Node: emitRequestTimeout
        res = req.res
        if res is not None:
            res.emit('timeout')            # Node: responseOnTimeout

    # -- the end of an exchange ----------------------------------------------------

    def _response_on_end(self):
        """Node: responseOnEnd (res 'end', before the user's listeners)."""
        req = self.req
        if req is None:
            return
        sock = self.socket
        req._ended = True
        if not req.shouldKeepAlive:
            if sock.writable:
                _destroy_soon(sock)
        elif req._wfin and not req.res.aborted:
            self.response_keep_alive(req)

    def response_keep_alive(self, req):
        """Node: responseKeepAlive -- the socket goes back on a later tick."""
        sock = self.socket
        if req.timeoutCb:
            sock.setTimeout(0)
            req.timeoutCb = None
        req.destroyed = True
        if req.res is not None:
            req.res.socket = None
        _tick.next_tick(self._emit_free, req)

    def _emit_free(self, req):
        """Node: emitFreeNT."""
        req._emit_close()
        sock = req.socket
        if sock is not None and self.req is req:
            self.release(req)
            sock._httpMessage = req        # the Agent reads it in its 'free' handler
            sock.emit('free')
            if sock._httpMessage is req:
                sock._httpMessage = None


def _destroy_soon(sock):
    """Node: socket.destroySoon -- FIN after what is queued, then close."""
    sock.end()
    if sock.writableFinished:
        # after the current tick: the message's own 'end'/'close' come first
        _tick.next_tick(_tick.next_tick, sock.destroy)
    else:
        sock.once('finish', lambda *a: sock.destroy())


def _adopt(socket):
    """The connection of a socket from a user's createConnection: it may
    already run the plain read loop, which hands over to ours when woken."""
    conn = _ClientConn(socket)
    socket._wake()
    return conn


def _connect(options):
    """A net.Socket with a client connection on its thread, connecting
    (what net.createConnection gives the Agent, with our owner loop)."""
    opts = dict(options)
    if opts.get('socketPath'):
        opts['path'] = opts['socketPath']
    elif 'path' in opts:
        opts['path'] = None
    sock = net.Socket(opts)
    lookup = opts.get('lookup')
    if lookup is not None:
        opts['_gate'] = gate = threading.Event()
        opts['lookup'] = _node_lookup(lookup, opts.get('port'), gate)
    _ClientConn(sock)
    sock.connect(opts)
    return sock


def _node_lookup(lookup, port, gate):
    """Adapts Node's lookup(hostname, options, callback(err, address,
    family)) to the getaddrinfo-style list net.py expects: the connecting
    thread waits for the callback, which may come from any thread, until
    the socket is destroyed (`gate`: set by the callback or by destroy())."""
    import socket as _socket

    def _lk(host, options):
        out = {}

        def cb(err=None, address=None, family=None):
            out['r'] = (err, address, family)
            gate.set()

        lookup(host, dict(options), cb)
        gate.wait()
        if 'r' not in out:
            raise ConnectionAbortedError(_errno.ECONNABORTED, 'destroyed while looking up')
        err, address, family = out['r']
        if err is not None:
            raise err
        if isinstance(address, list):
            address = address[0]['address'] if address else None
        fam = _socket.AF_INET6 if family == 6 or (address and ':' in address) \
            else _socket.AF_INET
        return [(fam, _socket.SOCK_STREAM, 0, '', (address, int(port or 80)))]
    return _lk


# -- ClientRequest ------------------------------------------------------------------

class ClientRequest(OutgoingMessage):
    """An in-progress request (Node's http.ClientRequest)."""

    # The fields every request sets are slots, set first thing in __init__:
    # stores into the instance dict (which grows, and is resized, as a
    # request goes on) cost several times a slot's, and reads of class
    # defaults about four times.  (As for ServerResponse: a subclass without
    # __slots__ still takes any attribute; vars() lists only those.)
    __slots__ = (
        '_events', 'agent', 'method', 'path', 'host', 'protocol', 'useChunkedEncodingByDefault',
        'shouldKeepAlive', '_last', '_out_lock', '_creator', '_refed', 'socket', 'parser', 'res',
        '_ready', '_outbuf', '_outbuf_len', '_header', '_head_wide', '_headerSent', '_headers',
        '_contentLength', 'finished', '_wfin', '_ended', 'destroyed', '_closed',
        '_agent_options', '_ftick', '_corked', 'timeout', 'aborted')

    _late_error_done = None
    socketPath = None
    _holds = None              # the wake-ups of the holds on this request (_hold)
    _creator_end = None        # the creating foreign thread's ThreadEnd (_liveness.py)
    _signal_off = None         # removes the `signal` option's abort listener
    _late = None               # {event: args} emitted before the creator listened
    # Node's named flags: their initial values (set per request when they change)
    maxHeaderSize = None
    insecureHTTPParser = None
    joinDuplicateHeaders = None
    timeoutCb = None
    upgradeOrConnect = False
    maxHeadersCount = None
    reusedSocket = False
    _error = None              # Node: kError

    def __init__(self, input=None, options=None, cb=None, **kw):
        # the slots' initial values (Node's, and OutgoingMessage's defaults)
        self._events = {}              # (what OutgoingMessage.__init__ does)
        self.agent = self.socket = self.parser = self.res = self._header = self._headers = \
            self._outbuf = self._contentLength = self._ftick = self.timeout = \
            self._agent_options = self._creator = self._out_lock = None
        self.method = 'GET'
        self.path = '/'
        self.host = 'localhost'
        self.protocol = 'http:'
        self.useChunkedEncodingByDefault = self.shouldKeepAlive = True
        self._last = self._refed = self._ready = self._headerSent = self.finished = \
            self._wfin = self._ended = self.destroyed = self._closed = \
            self.aborted = False
        self._outbuf_len = self._corked = 0
        plain = type(self) is ClientRequest
        if not plain:
            OutgoingMessage.__init__(self)
        if input is None or type(input) is dict:
            if callable(options):
                cb, options = options, None
            opts = dict(input) if input else {}
        elif _is_url(input):
            opts = urlToHttpOptions(input)
            if callable(options):
                cb, options = options, None
        elif isinstance(input, dict):
            opts = dict(input)
        else:
            raise errors.ERR_INVALID_ARG_TYPE('options', ['string', 'object'], input)
        if options:
            opts.update(options)
        if kw:
            opts.update(kw)
        get = opts.get
        (_defaultAgent, create, protocol, defaultPort, setHost, socketPath, timeout, mhs, ihp,
         jdh, auth, uniqueHeaders) = _NO_SELDOM_OPTIONS if _COMMON_OPTIONS.issuperset(opts) \
            else map(get, _SELDOM_OPTIONS)
        agent = get('agent')
        defaultAgent = _defaultAgent or (_agent_mod or _agent_module()).globalAgent
        if agent is None:
            if not callable(create):
                agent = defaultAgent
        elif agent is False:
            agent = type(defaultAgent)()
        elif not callable(getattr(agent, 'addRequest', None)):
            raise errors.ERR_INVALID_ARG_TYPE(
                'options.agent', ['Agent-like Object', 'undefined', 'false'], agent)
        self.agent = agent
        protocol = protocol or defaultAgent.protocol
        expected = defaultAgent.protocol
        if agent is not None and getattr(agent, 'protocol', None):
            expected = agent.protocol
        path = get('path')
        if path:
            path = path if type(path) is str else str(path)
            if not (path.isascii() and path.isprintable() and ' ' not in path) \
                    and _INVALID_PATH(path):
                raise errors.ERR_UNESCAPED_CHARACTERS('Request path')
        if protocol != expected:
            raise errors.ERR_INVALID_PROTOCOL(protocol, expected)
        defaultPort = defaultPort or (agent.defaultPort if agent is not None else None)
        port = opts['port'] = get('port') or defaultPort or 80
        if (type(port) is not int or not 0 <= port < 65536
                or not _COMMON_OPTIONS.issuperset(opts)) and not socketPath:
            net._check_tcp_options(opts)    # (Node: net.connect throws within request())
        host = get('hostname')
        if host is not None and type(host) is not str:
            _validate_host(host, 'hostname')
        if not host:
            host = get('host')
            if host is not None and type(host) is not str:
                _validate_host(host, 'host')
            host = host or 'localhost'
        opts['host'] = host
        setHost = setHost is None or bool(setHost)
        if socketPath is not None:
            self.socketPath = socketPath
        if timeout is not None:
            self.timeout = _timer_duration(timeout, 'timeout')
        signal = opts.pop('signal', None) if 'signal' in opts else None
        if signal is None:
            pass
        elif not _abort.given(signal):
            signal = None
        elif not _abort.is_signal(signal):
            raise errors.ERR_INVALID_ARG_TYPE('signal', 'AbortSignal', signal)
        method = get('method')
        if method is None or method == '':
            method = 'GET'
        elif method not in _COMMON_METHODS:
            if not isinstance(method, str):
                raise errors.ERR_INVALID_ARG_TYPE('options.method', 'string', method)
            if not check_is_http_token(method):
                raise errors.ERR_INVALID_HTTP_TOKEN('Method', method)
            method = method.upper()
        self.method = method
        if mhs is not None:
            validateInteger(mhs, 'maxHeaderSize', 0)
            self.maxHeaderSize = int(mhs)
        if ihp is not None:
            if not isinstance(ihp, bool):
                raise errors.ERR_INVALID_ARG_TYPE('options.insecureHTTPParser', 'boolean', ihp)
            self.insecureHTTPParser = ihp
        if jdh is not None:
            if not isinstance(jdh, bool):
                raise errors.ERR_INVALID_ARG_TYPE('options.joinDuplicateHeaders', 'boolean',
                                                  jdh)
            self.joinDuplicateHeaders = jdh
        self.path = path or '/'
        if cb is not None:
            if plain:
                # once('response', cb) on a fresh request: no listener, no
                # 'newListener', no late event yet -- the registration only
                _check_listener(cb)
                self._events['response'] = (_OnceWrapper(self, 'response', cb),)
            else:
                self.once('response', cb)
        self.useChunkedEncodingByDefault = method not in _NO_CHUNKED
        # Node's named flags (the others: set above, or class defaults)
        self.host = host
        self.protocol = protocol
        # Guards the switch from buffering to writing to the socket.  Re-entrant:
        # a write callback run during the flush may write to this request.
        self._out_lock = _RLock()
        if _tick.on_nodehttp_thread():
            self._creator = None
        else:
            self._creator = threading.current_thread()
            self._creator_end = _liveness.thread_end()   # registered on that thread
        if agent is not None:
            if not agent.keepAlive and agent.maxSockets == _INF:
                self._last = True
                self.shouldKeepAlive = False
            else:
                self._last = False
                self.shouldKeepAlive = True
        headers = get('headers')
        if headers is None or type(headers) is dict or not isinstance(headers, (list, tuple)):
            if headers and hasattr(headers, 'items'):   # (Node: an object; anything else is ignored)
                for key, value in headers.items():
                    self.setHeader(key, value)
            hdrs = self._headers
            if host and setHost and (hdrs is None or 'host' not in hdrs
                                     or not js_truthy(hdrs['host'][1])):
                key = (host, port, defaultPort) if type(port) is int else None
                hostHeader = _HOST_HEADERS.get(key)
                if hostHeader is None:
                    hostHeader = host
                    pos = hostHeader.find(':')
                    if pos != -1 and ':' in hostHeader[pos + 1:] and hostHeader[0] != '[':
                        hostHeader = '[%s]' % hostHeader
                    if port and _num(port) != defaultPort:
                        hostHeader += ':%s' % port
                    if plain and hdrs is None:
                        # (what setHeader('Host', ...) validates, once per key)
                        validateHeaderValue('Host', hostHeader)
                        if key is not None and len(_HOST_HEADERS) < 256:
                            _HOST_HEADERS[key] = hostHeader
                if plain and hdrs is None:
                    # setHeader('Host', ...) on a request with no header yet
                    self._headers = {'host': ['Host', hostHeader]}
                else:
                    self.setHeader('Host', hostHeader)
            if auth and (self._headers is None or 'authorization' not in self._headers):
                if isinstance(auth, str):
                    auth = auth.encode('utf-8')
                elif not isinstance(auth, (bytes, bytearray, memoryview)):
                    raise errors.ERR_INVALID_ARG_TYPE(     # (Node: Buffer.from(auth))
                        'first argument', ['string', 'Buffer', 'ArrayBuffer', 'Array',
                                           'Array-like Object'], auth)
                self.setHeader('Authorization', 'Basic ' + base64.b64encode(auth).decode())
            if headers and self._headers and 'expect' in self._headers \
                    and js_truthy(self._headers['expect'][1]):
                if self._header is not None:
                    raise errors.ERR_HTTP_HEADERS_SENT('render')
                self._storeHeader(self._request_line(),
                                  self._headers)
        else:
            self._storeHeader(self._request_line(), headers)
        # Node sets kUniqueHeaders only now: a head already stored (a raw header
        # list, an Expect header) is not joined
        if uniqueHeaders is not None:
            self._uniqueHeaders = parseUniqueHeadersOption(uniqueHeaders)

        if signal is not None:
            # Node: addAbortSignal -- destroy(AbortError) now if aborted, or
            # when it aborts; the listener goes with the request's 'close'
            self._signal_off = _abort.add_abort_signal(signal, self)

        if self._creator is not None:
            # A foreign thread (the main script, a user's thread): Node's
            # "later tick" is when it next waits (_foreign.py).  Armed at the
            # end (by get() after its end()): the profile function costs
            # nothing while our own code runs.
            self._ftick = _foreign.tick(armed=False)

        # Node: a pending request keeps the process alive (until its 'close')
        self._refed = True
        _liveness.ref()
        if agent is not None:
            try:
                agent.addRequest(self, opts)
            except BaseException:
                # (Node: the constructor throws -- a Host header that is not a
                # string -- and there is no request: nothing may keep the
                # process alive for it)
                self._signal_done()
                self._unref()
                raise
        else:
            self._last = True
            self.shouldKeepAlive = False
            copts = dict(opts)
            create = copts.get('createConnection')
            if callable(create):
                done = []

                def oncreate(err=None, socket=None):
                    if done:
                        return
                    done.append(1)
                    if err is not None:
                        self._defer(self._fail_early, err)
                    else:
                        self.onSocket(socket)
                try:
                    if copts.get('socketPath'):
                        copts['path'] = copts['socketPath']
                    else:
                        copts['path'] = None
                    s = create(copts, oncreate)
                    if s is not None:
                        oncreate(None, s)
                except Exception as exc:  # noqa: B902 -- Node: oncreate(err)
                    oncreate(exc)
            else:
                self.onSocket(_connect(copts))
        if self._ftick is not None and not getattr(_in_get, 'on', False):
            _foreign.arm()

    def __bool__(self):
        return True

    # -- Node's ClientRequest methods -------------------------------------------

    def _request_line(self):
        # (method and path are validated: latin-1, as Node writes the head)
        return (self.method + ' ' + self.path + ' HTTP/1.1\r\n').encode('latin-1')

    def _implicitHeader(self):
        if self._header is not None:
            raise errors.ERR_HTTP_HEADERS_SENT('render')
        self._storeHeader(self._request_line(), self._headers)

    def abort(self):
        """Deprecated in Node: marks the request aborted, 'abort', destroy()."""
        if self.aborted:
            return
        self.aborted = True
        self._defer(self.emit, 'abort')
        self.destroy()

    def destroy(self, err=None):
        """Destroys the request and its socket; err (if any) goes to 'error'."""
        if self.destroyed:
            return self
        self.destroyed = True
        if self._holds:
            self._wake_holds()
        if self.res is not None:
            self.res._dump()
        self._error = err
        if self.socket is not None:
            self.socket.destroy(err)
        return self

    @property
    def closed(self):
        return self._closed

    @closed.setter
    def closed(self, value):
        self._closed = value

    def onSocket(self, socket, err=None):
        """The Agent gives a socket (or an error): used on the next tick."""
        if err is None and getattr(socket, 'connecting', False) and \
                getattr(socket, '_connect_hold', False) is None:
            # A socket still connecting holds its 'lookup', 'connect' or
            # connection error until this request's 'socket' is done
            # (_onSocketNT sets it), as in Node where those are I/O and
            # 'socket' a tick.  Its thread starts on a later tick of this
            # one (net.Socket.connect), so this is in time; where it is
            # not (a socket of the user's, connecting already) it is moot.
            socket._connect_hold = threading.Event()
        self._defer(self._onSocketNT, socket, err)

    def _soon(self, fn, *args):
        """OutgoingMessage's next tick for a request: from a thread of the
        user's (the main script), when that thread next waits or ends, so
        that an 'error' or callback a call brings comes after the calls
        around it, as in Node."""
        stream._later(fn, *args)

    def _defer(self, fn, *args):
        """Node's process.nextTick for this request: while the (foreign)
        thread that made it has not waited yet, on that thread's tick
        (_foreign.py: its listeners are all attached by then); else on the
        calling thread's tick (_tick.py), or at once off nodehttp's threads."""
        ft = self._ftick
        if ft is None or not ft.defer(fn, args):
            _tick.next_tick(fn, *args)

    def _onSocketNT(self, socket, err):
        try:
            self._on_socket_tick(socket, err)
        finally:
            hold = getattr(socket, '_connect_hold', None)
            if hold is not None:
                hold.set()          # the socket may emit 'connect' now (net.py)

    def _on_socket_tick(self, socket, err):
        if self.destroyed or err is not None:
            self.destroyed = True

            def _destroy(e):
                if not self.aborted and e is None:
                    e = errors.conn_reset('socket hang up')
                if e is not None:
                    self._emit_error(e)
                self._emit_close()

            if socket is not None:
                if err is None and self.agent is not None and not socket.destroyed:
                    socket.emit('free')
                else:
                    e = err if err is not None else self._error
                    if socket.closed:
                        _destroy(e)
                    else:
                        socket.once('close', lambda *a: _destroy(e))
                        socket.destroy(e)
                    return
            _destroy(err if err is not None else self._error)
            return
        self._tickOnSocket(socket)

    def _tickOnSocket(self, socket):
        conn = getattr(socket, '_client_conn', None) or _adopt(socket)
        self.socket = socket
        agent_options = getattr(self.agent, 'options', None)
        if self.timeout is not None or (agent_options and agent_options.get('timeout')):
            self.timeoutCb = True          # Node: listenSocketTimeout
        # Node: 'socket' is the last thing tickOnSocket does, and what was
        # written is flushed after it (onSocketNT: tickOnSocket, _flush).  The
        # socket's thread starts on this request only once it is assigned, so
        # nothing it emits ('finish', 'response' ...) can come before 'socket'.
        # Node's socket is attached before 'socket': end() in a 'socket'
        # listener emits 'prefinish' at once (OutgoingMessage.end); and its
        # flush after 'socket' (onSocketNT: _flush) finishes an ended
        # request, 'prefinish' again (Node's _finish(), once more).  Both
        # before the socket's thread has the request: nothing can flush yet.
        emitted = self._creator is None or self._events.get('socket')
        try:
            if emitted:
                self.emit('socket', socket)
            else:
                self._emit_late('socket', socket)
        except Exception as exc:  # noqa: B902 -- as on the socket's thread:
            net._report(exc)      # reported, that connection destroyed
            socket.destroy()
        if emitted and self.finished and not self.destroyed:
            if self._prefinish_due:
                self._prefinish_due = False
            if 'prefinish' in self._events:
                try:
                    self.emit('prefinish')
                except Exception as exc:  # noqa: B902 -- as a 'socket' listener's
                    net._report(exc)
                    socket.destroy()
        conn.assign(self)
        closed = conn._closed_with
        if socket.closed and closed is not None:
            # The socket died before it was ours (a connect error raced
            # ahead of the tick): tell the request as Node would have.
            conn._closed_with = None
            if closed:
                conn._socket_error_listener(closed)
            conn._socket_close_listener(True)

    def _attached_early(self):
        # Node's request has its socket from tickOnSocket on (a connecting
        # socket takes the writes): in the 'socket' listeners (our socket is
        # set, the connection not yet given the request: no parser), and on
        # the socket's thread until this request is ready here (the socket's
        # 'lookup' and 'connect' listeners).  Nothing is flushed before
        # either returns, so 'prefinish' in end() comes before 'finish'.
        sock = self.socket
        return sock is not None and not self._ready and (
            self.parser is None or _get_ident() == sock._owner_ident)

    def _socket_ready(self, sock):
        """Sends what was written before the socket was ready (Node: _flush)."""
        if self._ready:
            return
        with self._out_lock:
            if self._ready:
                return
            ret = self._flushOutput(sock) if self._outbuf else True
            self._ready = True
            sock._httpMessage = self
        if not self.finished and ret and getattr(self, '_needDrain', False):
            self._needDrain = False
            _tick.next_tick(self.emit, 'drain')

    def _writeRaw(self, parts, callback=None):
        if self._ready or self._corked:
            return OutgoingMessage._writeRaw(self, parts, callback)
        with self._out_lock:
            if not self._ready:
                if self._outbuf is None:
                    self._outbuf = []
                self._outbuf.append((parts, callback))
                self._outbuf_len += sum(map(len, parts))
                return self._outbuf_len < HIGH_WATER_MARK
        return OutgoingMessage._writeRaw(self, parts, callback)

    def _fail_early(self, err):
        # Node: createConnection's error -- 'error' only, no 'close'
        self._signal_done()
        try:
            self._emit_error(err)
        finally:
            self._unref()

    def _signal_done(self):
        off = self._signal_off
        if off is not None:
            self._signal_off = None
            off()

    def _unref(self):
        if self._refed:
            self._refed = False
            _liveness.unref()              # no longer keeps the process alive

    def _emit_close(self):
        self._closed = True
        self._signal_done()
        try:
            self.emit('close')
        finally:
            self._unref()

    def _emit_error(self, err):
        """'error' to the request.  With no listener Node crashes; here the
        error is raised on the creating thread, and reported through
        threading.excepthook on nodehttp's threads (the socket goes on to
        close, and the process is kept alive until the report is out)."""
        if self._events.get('error'):
            self.emit('error', err)
            return
        if threading.current_thread() is self._creator:
            # Node would emit it on a later tick, when the creating code has
            # attached its listener: keep it for that listener, or report it
            # when the creating thread ends without one.
            if self._late is None:
                self._late = {}
            self._late['error'] = (err,)
            self._late_error_done = threading.Event()
            _liveness.ref()
            threading.Thread(target=self._report_late_error, args=(err,),
                             name='nodehttp-late-error', daemon=True).start()
            return
        try:
            self.emit('error', err)
        except BaseException as exc:  # noqa: B902 -- report, as a thread would
            net._report(exc)

    def _add(self, event, listener, prepend):
        OutgoingMessage._add(self, event, listener, prepend)
        if self._holds:
            # (every way of adding: on, once, prependListener ...)
            self._wake_holds()

    def _wake_holds(self):
        """Wakes the holds waiting on this request to look again (_hold)."""
        for wake in tuple(self._holds or ()):
            wake()

    def _listener_added(self, event):
        late = self._late
        if late and event in late and threading.current_thread() is self._creator:
            with _late_lock:
                args = late.pop(event, None)
            if args is None:
                return
            if event == 'error' and self._late_error_done is not None:
                self._late_error_done.set()
            for h in self.rawListeners(event):
                h(*args)

    def _report_late_error(self, err):
        """Waits until the creating thread attached an 'error' listener
        (_listener_added replays the error to it and sets `done`) or has
        ended (its ThreadEnd sets `done`); then reports the error if it is
        still unclaimed.  No timeout: the creator's end always comes."""
        end = self._creator_end
        done = self._late_error_done
        try:
            if end.add(done.set):
                try:
                    done.wait()
                finally:
                    end.remove(done.set)
            late = self._late
            with _late_lock:
                mine = late and late.get('error', (None,))[0] is err
                if mine:
                    del late['error']
            if mine:
                try:
                    self.emit('error', err)
                except BaseException as exc:  # noqa: B902 -- report, as a thread would
                    net._report(exc)
        finally:
            _liveness.unref()

    def _emit_late(self, event, *args):
        """'socket' and 'finish' with no listener yet (the foreign creating
        thread listens only after it waited): kept, and a listener that
        thread attaches afterwards is called at once.  The check and the
        keeping are one step (_late_lock), so a listener attached meanwhile
        is called once, by this emit or by the replay."""
        with _late_lock:
            if not self._events.get(event):
                if self._late is None:
                    self._late = {}
                self._late[event] = args
                return
        self.emit(event, *args)

    def _on_flushed(self, err=None):
        # OutgoingMessage._on_flushed, claimed under a lock: the socket's
        # thread may get here first, before 'response' (_on_head), while the
        # writing thread's deferred call is on its way; and with 'finish'
        # kept for a late listener of a foreign creator
        if err is not None:
            return
        with _finish_lock:
            if self._wfin:
                return
            self._wfin = True
        if self._prefinish_due and 'prefinish' in self._events:
            self.emit('prefinish')      # (end() came before the socket: OutgoingMessage.end)
        if self._creator is None:
            if 'finish' in self._events:
                self.emit('finish')
        else:
            self._emit_late('finish')
        self._finished_hook()

    def _finished_hook(self):
        # Node: requestOnFinish
        if self.shouldKeepAlive and self._ended and self.res is not None:
            conn = getattr(self.socket, '_client_conn', None)
            if conn is not None and conn.req is self:
                conn.response_keep_alive(self)

    def setTimeout(self, msecs, callback=None):
        """Emits 'timeout' after msecs of socket inactivity; returns req."""
        if self._ended:
            return self
        self.timeoutCb = True
        msecs = _timer_duration(msecs, 'msecs')
        if callback is not None:
            self.once('timeout', callback)
        if self.socket is not None:
            self.socket.setTimeout(msecs)
        else:
            self.once('socket', lambda sock: sock.setTimeout(msecs))
        return self

    def clearTimeout(self, cb=None):
        self.setTimeout(0, cb)

    def _deferToConnect(self, method, args):
        def call(*a):
            getattr(self.socket, method)(*args)

        def on_socket(*a):
            if self.socket._sock is not None:
                call()
            else:
                self.socket.once('connect', call)

        if self.socket is None:
            self.once('socket', on_socket)
        else:
            on_socket()

    def setNoDelay(self, noDelay=True):
        self._deferToConnect('setNoDelay', (noDelay,))

    def setSocketKeepAlive(self, enable=False, initialDelay=0):
        self._deferToConnect('setKeepAlive', (enable, initialDelay))

    def getRawHeaderNames(self):
        return OutgoingMessage.getRawHeaderNames(self)


def _validate_host(host, name):
    if host is not None and not isinstance(host, str):
        raise errors.ERR_INVALID_ARG_TYPE('options.' + name, ['string', 'undefined', 'null'],
                                          host)
    return host


def _timer_duration(msecs, name):
    if isinstance(msecs, bool) or not isinstance(msecs, (int, float)):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'number', msecs)
    if msecs < 0 or msecs != msecs:
        raise errors.ERR_OUT_OF_RANGE(name, 'a non-negative finite number', msecs)
    return msecs


def _num(x):
    try:
        return int(x)
    except (TypeError, ValueError):
        return x


def request(*args, **kw):
    """http.request(url[, options][, callback]) / request(options[, callback]).

    Options are a dict and/or keyword arguments with Node's names; url is a
    str or a urllib.parse result.  Returns the ClientRequest; call end()."""
    if len(args) == 2 and not kw and callable(args[1]):
        return ClientRequest(args[0], None, args[1])     # request(options, callback)
    args = list(args)
    cb = kw.pop('callback', None)
    if args and callable(args[-1]):
        cb = args.pop()
    input = args[0] if args else None
    options = args[1] if len(args) > 1 else None
    return ClientRequest(input, options, cb, **kw)


def get(*args, **kw):
    """http.get(): request() with GET and end() called."""
    _in_get.on = True              # end() first, then the tick is armed
    try:
        req = request(*args, **kw)
    finally:
        _in_get.on = False
    req.end()
    if req._ftick is not None:
        _foreign.arm()
    return req


_in_get = threading.local()
