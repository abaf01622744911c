"""OutgoingMessage — the counterpart of lib/_http_outgoing.js (Node 20.20.2).

The shared base of ServerResponse and ClientRequest: the header store, the
rendering of the head with Node's automatic headers (Date, Connection,
Keep-Alive, Content-Length or Transfer-Encoding: chunked), chunked framing,
trailers, and the hand-off of bytes to the socket.

A message's state is Node's named flags, all set in __init__:
`_header` (the rendered head, once stored), `_headerSent`, `finished` (end()
was called), `_wfin` ('finish' emitted), `chunkedEncoding`,
`useChunkedEncodingByDefault`, `shouldKeepAlive`, `_last` (close the
connection after this message), `_hasBody`, `_contentLength`,
`_removedConnection`/`_removedContLen`/`_removedTE`, `_trailer`.
"""

import re
import threading
from time import time as _time
from email.utils import formatdate

from . import _tick, errors
from ._buffer import to_bytes
from ._common import (check_invalid_header_char, check_is_http_token, validateHeaderName,
                      validateHeaderValue)
from .events import EventEmitter
from .net import all_callbacks

_CRLF = b'\r\n'
_LAST_CHUNK = b'0\r\n\r\n'
_SIZE_LINES = tuple(b'%x\r\n' % n for n in range(1024))   # a chunk's size line, small sizes
_RE_CONN_CLOSE = re.compile(r'(?:^|\W)close(?:$|\W)', re.I)
_RE_TE_CHUNKED = re.compile(r'(?:^|\W)chunked(?:$|\W)', re.I)
HIGH_WATER_MARK = 16384
_NAN = float('nan')

_date_line = None    # b'Date: <IMF-fixdate>\r\n' of this second (None: make it again)

# The headers whose presence changes Node's automatic ones (matchHeader)
_CONNECTION, _CONTLEN, _TE, _DATE, _EXPECT, _TRAILER = 1, 2, 4, 8, 16, 32
_SPECIAL = {'connection': _CONNECTION, 'content-length': _CONTLEN,
            'transfer-encoding': _TE, 'date': _DATE, 'expect': _EXPECT,
            'trailer': _TRAILER, 'keep-alive': 0}


_NAMES = {}   # header name -> (lower-case name, _SPECIAL flag or None), once validated

# name -> {value: b'name: value\r\n'} for str pairs once validated and not in
# _SPECIAL: a response's usual headers render from a lookup each.  (Nested,
# not keyed by a (name, value) tuple: building and comparing a tuple key costs
# more than two lookups of strings.)
_LINES = {}
_LINES_MAX = 256      # names, and values per name


def _name_info(name):
    validateHeaderName(name)
    key = name.lower()
    info = (key, _SPECIAL.get(key))
    if len(_NAMES) < 4096:
        _NAMES[name] = info
    return info


_KEEP_ALIVE_LINES = {}


def _keep_alive_lines(ms, max_requests):
    """b'Connection: keep-alive' and Node's 'Keep-Alive: timeout=N[, max=M]'
    (N: the keepAliveTimeout in whole seconds), kept by ms alone when there is
    no max (the usual case: a number is a cheaper key than a tuple), else by
    (ms, max_requests)."""
    key = (ms, max_requests) if max_requests else ms
    text = _KEEP_ALIVE_LINES.get(key)
    if text is None:
        ka = b'Keep-Alive: timeout=%d' % (ms // 1000)
        if max_requests:
            ka += b', max=%d' % max_requests
        text = b'Connection: keep-alive\r\n' + ka + b'\r\n'
        if len(_KEEP_ALIVE_LINES) < 256:
            _KEEP_ALIVE_LINES[key] = text
    return text


def _new_date_line():
    """Node's utcDate(): the Date line is made on first use and kept until
    a timer drops it when the second ends, so a response reads no clock.
    (Threads that meet no line at once each make one: the same line, and a
    second timer that only drops it again.)"""
    global _date_line
    now = _time()
    line = b'Date: ' + formatdate(int(now), usegmt=True).encode('ascii') + b'\r\n'
    timer = threading.Timer(1.0 - now % 1.0, _drop_date_line)
    timer.name = 'nodehttp-date'
    timer.daemon = True
    _date_line = line             # (before the timer that drops it can run)
    try:
        timer.start()
    except RuntimeError:          # (no thread may start now: made each time)
        _date_line = None
    return line


def _drop_date_line():
    global _date_line
    _date_line = None


def _header_value_str(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class OutgoingMessage(EventEmitter):
    """An outgoing HTTP message: what ServerResponse and ClientRequest share."""

    # Node's named flags, with their defaults on the class (a response is
    # made per request, so __init__ stays short).
    _header = None            # the rendered head (bytes) once stored
    _head_wide = False        # it has bytes past ASCII (_storeHeader)
    _headerSent = False
    _headers = None           # lower-case name -> [name, value] (Node: kOutHeaders)
    finished = False          # end() was called
    _wfin = False             # 'finish' emitted (writableFinished is Node's getter)
    chunkedEncoding = False
    useChunkedEncodingByDefault = True
    shouldKeepAlive = True
    sendDate = False
    maxRequestsOnConnectionReached = False
    _defaultKeepAlive = True
    _keepAliveTimeout = 0
    _maxRequestsPerSocket = 0  # the server's limit, advertised as Keep-Alive: max=
    _last = False             # close the connection after this message
    _hasBody = True
    _rejectNonStandardBodyWrites = False   # ServerResponse: the server's option
    _uniqueHeaders = None     # the uniqueHeaders option: lower-case names sent once, '; '-joined
    _contentLength = None
    _removedConnection = False
    _removedContLen = False
    _removedTE = False
    _trailer = b''
    _expect = False
    _outbuf = None            # [(parts, callback)] written before a socket exists
    _outbuf_len = 0           # (the bytes in _outbuf)
    _prefinish_due = False    # end() left 'prefinish' to the flush (no socket then)
    _onPendingData = None
    _corked = 0
    _cork_parts = None        # [(parts, callback)] held while corked
    _cork_len = 0             # (the bytes in _cork_parts)
    _auto_cork = False        # write() corked for the rest of its tick (Node's write_)
    _auto_due = False         # (its uncork is on the tick queue: no second one this tick)
    _bytes_body = 0
    _needDrain = False        # write() returned False: 'drain' is owed (Node: kNeedDrain)
    strictContentLength = False
    destroyed = False
    errored = None
    closed = False
    socket = None
    # Node: a plain field, true from the constructor on -- end() and
    # destroy() leave it (writableEnded and destroyed tell those)
    writable = True

    def __init__(self, options=None):
        EventEmitter.__init__(self)

    # -- the header store ----------------------------------------------

    @property
    def connection(self):
        return self.socket

    @property
    def headersSent(self):
        return self._header is not None

    @property
    def writableEnded(self):
        return self.finished

    @property
    def writableObjectMode(self):
        return False

    @property
    def writableHighWaterMark(self):
        s = self.socket
        return s.writableHighWaterMark if s is not None else HIGH_WATER_MARK

    @property
    def writableLength(self):
        s = self.socket
        return self._outbuf_len + self._cork_len + (s.writableLength if s is not None else 0)

    @property
    def writableCorked(self):
        return self._corked

    @property
    def writableNeedDrain(self):
        # Node: !destroyed && !finished && kNeedDrain (a write before the
        # socket came counts too)
        return bool(not self.destroyed and not self.finished and self._needDrain)

    def setHeader(self, name, value):
        """Sets one header (a list sends it repeated); returns the message."""
        if self._header is not None:
            raise errors.ERR_HTTP_HEADERS_SENT('set')
        validateHeaderName(name)
        validateHeaderValue(name, value)
        if self._headers is None:
            self._headers = {}
        self._headers[name.lower()] = [name, value]
        return self

    def setHeaders(self, headers):
        if self._header is not None:
            raise errors.ERR_HTTP_HEADERS_SENT('set')
        if hasattr(headers, 'items'):
            items = headers.items()
        elif headers is None or isinstance(headers, (str, bytes)) or \
                not hasattr(headers, '__iter__'):
            # (Node: a Headers or a Map; here a dict or pairs, see differences.md)
            raise errors.ERR_INVALID_ARG_TYPE('headers', ['Headers', 'Map'], headers)
        else:
            items = headers
        for k, v in items:
            self.setHeader(k, v)
        return self

    def appendHeader(self, name, value):
        """Adds a value to a header, keeping the values set before."""
        if self._header is not None:
            raise errors.ERR_HTTP_HEADERS_SENT('append')
        validateHeaderName(name)
        validateHeaderValue(name, value)
        if self._headers is None:
            self._headers = {}
        key = name.lower()
        if key in self._headers:
            old = self._headers[key][1]
            old = list(old) if isinstance(old, (list, tuple)) else [old]
            new = list(value) if isinstance(value, (list, tuple)) else [value]
            self._headers[key][1] = old + new
        else:
            self._headers[key] = [name, value]
        return self

    def getHeader(self, name):
        if not isinstance(name, str):
            raise errors.ERR_INVALID_ARG_TYPE('name', 'string', name)
        h = self._headers
        if h is None:
            return None
        entry = h.get(name.lower())
        return entry[1] if entry is not None else None

    def getHeaders(self):
        return {k: v[1] for k, v in (self._headers or {}).items()}

    def getHeaderNames(self):
        return list(self._headers or ())

    def getRawHeaderNames(self):
        return [v[0] for v in (self._headers or {}).values()]

    def hasHeader(self, name):
        if not isinstance(name, str):
            raise errors.ERR_INVALID_ARG_TYPE('name', 'string', name)
        return self._headers is not None and name.lower() in self._headers

    def removeHeader(self, name):
        if not isinstance(name, str):
            raise errors.ERR_INVALID_ARG_TYPE('name', 'string', name)
        if self._header is not None:
            raise errors.ERR_HTTP_HEADERS_SENT('remove')
        key = name.lower()
        if key == 'connection':
            self._removedConnection = True
        elif key == 'content-length':
            self._removedContLen = True
        elif key == 'transfer-encoding':
            self._removedTE = True
        elif key == 'date':
            self.sendDate = False
        if self._headers is not None:
            self._headers.pop(key, None)

    # -- rendering the head ----------------------------------------------

    def _storeHeader(self, firstLine, headers, wide=None):
        """Renders the head: the user's headers in order, then Node's automatic
        ones.  Every line is latin-1 bytes (firstLine too): validated names and
        values are latin-1, and the head is joined without an encode.

        wide: whether firstLine has bytes past ASCII (None: look).  The head
        notes whether it has any (_head_wide: see _send); the lines cached
        for reuse are ASCII, so only new ones are looked at."""
        lines = [firstLine]
        state = 0
        if wide is None:
            wide = not firstLine.isascii()
        if headers:
            if headers is self._headers:
                pairs = headers.values()
                validate = False
            elif isinstance(headers, dict):
                pairs = headers.items()
                validate = True
            else:
                pairs = _pairs_of(headers)
                validate = True
            for name, value in pairs:
                if type(value) is str and type(name) is str:
                    # a pair rendered before: valid, and none of _SPECIAL
                    known = _LINES.get(name)
                    line = known.get(value) if known is not None else None
                    if line is not None:
                        lines.append(line)
                        continue
                    info = _NAMES.get(name) or _name_info(name)     # validates the name
                    ascii = value.isascii()
                    if validate and not (ascii and value.isprintable()):
                        validateHeaderValue(name, value)
                    line = f'{name}: {value}\r\n'.encode('latin-1')
                    lines.append(line)
                    if info[1] is not None:
                        state |= self._matchHeader(info[0], value)
                    if not ascii:
                        wide = True         # (not cached: the cache holds ASCII lines)
                    elif info[1] is None:
                        if known is not None:
                            if len(known) < _LINES_MAX:
                                known[value] = line
                        elif len(_LINES) < _LINES_MAX:
                            _LINES[name] = {value: line}
                    continue
                info = _NAMES.get(name) if type(name) is str else None
                if info is None:
                    info = _name_info(name)     # validates the name
                if isinstance(value, (list, tuple)):
                    if (len(value) >= 2 and info[0] == 'cookie') or (
                            self._uniqueHeaders is not None and info[0] in self._uniqueHeaders):
                        # Node: one line, the items joined (an empty list too)
                        value = ['; '.join(_header_value_str(v) for v in value)]
                else:
                    value = (value,)
                for v in value:
                    if validate:
                        validateHeaderValue(name, v)
                    v = _header_value_str(v)
                    if not v.isascii():
                        wide = True
                    lines.append((name + ': ' + v + '\r\n').encode('latin-1'))
                    key = name.lower()
                    if key in _SPECIAL:
                        state |= self._matchHeader(key, v)
        if self.sendDate and not state & _DATE:
            lines.append(_date_line or _new_date_line())
        if self.chunkedEncoding and getattr(self, 'statusCode', None) in (204, 304):
            # Node: the user's chunked Transfer-Encoding on a response that
            # has no body sends no chunk, and the connection closes
            self.chunkedEncoding = False
            self.shouldKeepAlive = False
        if self._removedConnection:
            # Node: a removed Connection header means "decide nothing": close
            # unless keep-alive was asked for explicitly.
            self._last = not self.shouldKeepAlive
        elif not state & _CONNECTION:
            # (Node: `this.agent` -- an object, always truthy)
            keep = self.shouldKeepAlive and (state & _CONTLEN or self.useChunkedEncodingByDefault
                                             or getattr(self, 'agent', None) is not None)
            if keep and self.maxRequestsOnConnectionReached:
                lines.append(b'Connection: close\r\n')
            elif keep:
                ka = self._keepAliveTimeout
                if ka and self._defaultKeepAlive:
                    mr = self._maxRequestsPerSocket
                    lines.append((not mr and _KEEP_ALIVE_LINES.get(ka))
                                 or _keep_alive_lines(ka, mr))
                else:
                    lines.append(b'Connection: keep-alive\r\n')
            else:
                self._last = True
                lines.append(b'Connection: close\r\n')
        if not state & (_CONTLEN | _TE):
            if not self._hasBody:
                self.chunkedEncoding = False
            elif not self.useChunkedEncodingByDefault:
                self._last = True
            elif (not state & _TRAILER and not self._removedContLen
                  and self._contentLength is not None):
                n = self._contentLength
                lines.append(b'Content-Length: %d\r\n' % n if type(n) is int
                             # (Node: a number, as JS writes it; NaN left by a
                             # Content-Length of a head that threw)
                             else b'Content-Length: %s\r\n' % errors.js_number(n).encode())
            elif not self._removedTE:
                lines.append(b'Transfer-Encoding: chunked\r\n')
                self.chunkedEncoding = True
            else:
                self._last = True
        if not self.chunkedEncoding and state & _TRAILER:
            raise errors.ERR_HTTP_TRAILER_INVALID()
        lines.append(b'\r\n')
        self._header = b''.join(lines)
        self._head_wide = wide
        self._headerSent = False
        if state & _EXPECT:
            self._send(b'', utf8=True)

    def _matchHeader(self, key, value):
        """Node: matchHeader -- what an automatic header needs to know."""
        if key == 'connection':
            self._removedConnection = False
            if _RE_CONN_CLOSE.search(value):
                self._last = True
            else:
                self.shouldKeepAlive = True
            return _CONNECTION
        if key == 'transfer-encoding':
            self._removedTE = False
            if _RE_TE_CHUNKED.search(value):
                self.chunkedEncoding = True
            return _TE
        if key == 'content-length':
            try:
                self._contentLength = int(value)
            except ValueError:
                self._contentLength = _NAN    # (Node: +value, NaN; strictContentLength fails)
            self._removedContLen = False
            return _CONTLEN
        if key == 'keep-alive':
            self._defaultKeepAlive = False
            return 0
        return _SPECIAL[key]

    def _implicitHeader(self):
        raise errors.ERR_METHOD_NOT_IMPLEMENTED('_implicitHeader()')

    def flushHeaders(self):
        """Sends the head now, without waiting for the first body chunk."""
        if self._header is None:
            self._implicitHeader()
        self._send(b'', utf8=True)

    # -- writing ----------------------------------------------------------

    def _send(self, data, callback=None, parts=None, utf8=False):
        """Writes data, with the head in front if it has not gone out yet.

        utf8: the data was a string to be sent as UTF-8 (or '' with no
        encoding).  Node's head is a string joined to such data and sent
        with its encoding, so its characters past ASCII go out as UTF-8;
        before any other data they go out as latin-1."""
        if not self._headerSent and self._header is not None:
            self._headerSent = True
            header = self._header
            if utf8 and self._head_wide:
                header = header.decode('latin-1').encode('utf-8')
            if parts is not None:
                parts = (header,) + tuple(parts)
            elif len(data) < 65536:
                data = header + bytes(data)
            else:
                parts = (header, data)
        if parts is None:
            parts = (data,)
        return self._writeRaw(parts, callback)

    def _writeRaw(self, parts, callback=None):
        sock = self.socket
        if sock is not None and sock.destroyed:
            # Node: the socket went, its 'close' (then this message's) is on
            # its way: nothing is written, nothing held, no callback
            return False
        if self._corked and not self.destroyed:
            # Node corks the socket so the head and the body leave in one send
            if self._cork_parts is None:
                self._cork_parts = []
            self._cork_parts.append((parts, callback))
            self._cork_len += sum(map(len, parts))
            if self._auto_cork and self._cork_len >= self.writableHighWaterMark:
                # (Node holds all a tick writes; here the cork write() took
                # ends at the high-water mark, so back-pressure holds: the
                # tick's next write takes it again, for the next batch)
                self._auto_cork = False
                return self._uncork() is not False
            return True
        if sock is None or sock._httpMessage is not self:
            # No socket yet (a client request before it is assigned): keep it.
            if self._outbuf is None:
                self._outbuf = []
            self._outbuf.append((parts, callback))
            self._outbuf_len += sum(map(len, parts))
            return False
        if sock.destroyed:
            return False
        return sock._write_bufs(parts, callback)

    def _flushOutput(self, sock):
        """Writes what was buffered before the socket came."""
        buf, self._outbuf = self._outbuf or (), None
        self._outbuf_len = 0
        ret = True
        for parts, cb in buf:
            ret = sock._write_bufs(parts, cb)
        return ret

    def write(self, chunk, encoding=None, callback=None):
        """Sends a chunk of the body; the first goes out with the head.

        Returns False when the socket's queue is past the high-water mark
        ('drain' follows)."""
        if callable(encoding):
            callback, encoding = encoding, None
        ret = self._write_(chunk, encoding, callback, False)
        if not ret:
            self._needDrain = True
        return ret

    def _write_(self, chunk, encoding, callback, fromEnd):
        if chunk is None:
            raise errors.ERR_STREAM_NULL_VALUES()
        utf8 = False
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            if isinstance(chunk, str):
                utf8 = not encoding or encoding == 'utf8'     # (Node's _send: exactly)
                chunk = to_bytes(chunk, encoding)
            else:
                raise errors.ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'Uint8Array'], chunk)
        if self.finished:
            if not self.destroyed:
                self._on_error(errors.ERR_STREAM_WRITE_AFTER_END(), callback)
            elif callback:
                self._soon(callback, errors.ERR_STREAM_WRITE_AFTER_END())
            return False
        if self.destroyed:
            err = errors.ERR_STREAM_DESTROYED('write')
            if callback:
                self._soon(callback, err)
            return False
        # Node checks strictContentLength before the head is stored, so the
        # first write is never refused (end() still checks the total)
        strict = self.strictContentLength and self._header is not None
        if self._header is None:
            if fromEnd:
                self._contentLength = len(chunk)
            self._implicitHeader()
        if not self._hasBody:
            if self._rejectNonStandardBodyWrites:
                # the server's rejectNonStandardBodyWrites option (end('')
                # never comes here: '' is no chunk; empty bytes are one)
                raise errors.ERR_HTTP_BODY_NOT_ALLOWED()
            # HEAD, 204, 304: Node ignores the body silently.
            if callback:
                self._soon(callback, None)
            return True
        if not fromEnd and not self._corked and self.socket is not None and _tick.in_callback():
            # Node's write_ corks the socket until the tick is over: what the
            # callback writes next leaves with this (cork() keeps it all)
            self._corked = 1
            self._auto_cork = True
            if not self._auto_due:
                self._auto_due = True
                _tick.next_tick(self._uncork_auto)
        n = len(chunk)
        if strict and self._contentLength is not None and (
                self._bytes_body + n != self._contentLength if fromEnd
                else self._bytes_body + n > self._contentLength):
            # Node: checked before counting, so a refused write costs nothing;
            # end(chunk) must make the length exact
            raise errors.ERR_HTTP_CONTENT_LENGTH_MISMATCH(self._bytes_body + n,
                                                          errors.js_number(self._contentLength))
        self._bytes_body += n
        if not n:
            if not self._headerSent:
                return self._send(b'', callback, utf8=utf8)    # (Node: the head goes out with it)
            if callback is not None:
                # (its callback comes after those of the writes before it,
                # queued before the socket came too)
                return self._writeRaw((b'',), callback)
            if self.socket is not None and self.socket.destroyed:
                return False                   # (_writeRaw's answer)
            if callback:
                self._soon(callback, None)
            return True
        if self.chunkedEncoding:
            size = _SIZE_LINES[n] if n < 1024 else b'%x\r\n' % n
            if n < 8192:
                return self._send(size + bytes(chunk) + _CRLF, callback)
            return self._send(b'', callback, (size, chunk, _CRLF))
        return self._send(chunk, callback, utf8=utf8)

    # Node's process.nextTick for what this message calls back or emits
    # itself: after the running callback on nodehttp's threads (a request
    # made elsewhere defers further: ClientRequest._soon)
    _soon = staticmethod(_tick.next_tick)

    def _on_error(self, err, callback):
        """Node's onError: nothing once the message is destroyed (after its
        'close'); else, on the next tick, the callback, then 'error'."""
        if not self.destroyed:
            self._soon(self._emit_error_nt, err, callback)

    def _emit_error_nt(self, err, callback):
        if callback:
            callback(err)
        if not self.destroyed and self.listeners('error'):
            self.emit('error', err)

    def addTrailers(self, headers):
        """Trailers sent after a chunked body.  As in Node, they are emptied
        first and each is added once checked: one that throws leaves those
        before it."""
        self._trailer = b''
        lines = []
        try:
            self._add_trailers(headers, lines)
        finally:
            self._trailer = ''.join(lines).encode('latin-1')

    def _add_trailers(self, headers, lines):
        items = headers.items() if hasattr(headers, 'items') else headers
        for name, value in items:
            if not isinstance(name, str) or not name or not check_is_http_token(name):
                raise errors.ERR_INVALID_HTTP_TOKEN('Trailer name', name)
            if not isinstance(value, (list, tuple)):
                vals = (value,)
            elif len(value) > 1 and (self._uniqueHeaders is None
                                     or name.lower() not in self._uniqueHeaders):
                vals = value
            else:
                # Node: one line, the items joined (a unique header; [] and [x] too)
                vals = ('; '.join(_header_value_str(v) for v in value),)
            for v in vals:
                v = _header_value_str(v)
                if check_invalid_header_char(v):
                    raise errors.ERR_INVALID_CHAR('trailer content', name)
                lines.append(name + ': ' + v + '\r\n')

    def end(self, chunk=None, encoding=None, callback=None):
        """Finishes the message: an optional last chunk, the terminating chunk
        if chunked, then 'finish' once the socket has it."""
        if type(chunk) is not str and callable(chunk):
            chunk, callback = None, chunk
        elif encoding is not None and callable(encoding):
            encoding, callback = None, encoding
        if not self._headerSent and not self.finished and not self._corked \
                and callback is None:
            # The common case, end(data) as the only write: one buffer, one send.
            sock = self.socket
            if sock is not None and sock._httpMessage is self and not self.destroyed \
                    and not sock.destroyed and not self.strictContentLength \
                    and not self._rejectNonStandardBodyWrites:
                raw = chunk
                if chunk is None:
                    chunk = b''
                elif type(chunk) is str:
                    chunk = chunk.encode('utf-8') if encoding is None else to_bytes(chunk, encoding)
                elif not isinstance(chunk, (bytes, bytearray, memoryview)):
                    raise errors.ERR_INVALID_ARG_TYPE(
                        'chunk', ['string', 'Buffer', 'Uint8Array'], chunk)
                if self._header is None:
                    self._contentLength = len(chunk)
                    try:
                        self._implicitHeader()
                    except BaseException:
                        self._corked += 1     # (Node corked the socket first: it stays so)
                        raise
                if self._head_wide and type(raw) is str and raw and (
                        not encoding or encoding == 'utf8') and self._hasBody \
                        and not self.chunkedEncoding:
                    # (Node: the head goes out as the string chunk does, see _send)
                    self._header = self._header.decode('latin-1').encode('utf-8')
                self.finished = True
                self._headerSent = True
                n = len(chunk)
                self._bytes_body = n
                if not self._hasBody:
                    bufs = (self._header,)
                elif self.chunkedEncoding:
                    last = b'0\r\n' + self._trailer + b'\r\n' if self._trailer else _LAST_CHUNK
                    if n:
                        bufs = (b''.join((self._header, _SIZE_LINES[n] if n < 1024
                                          else b'%x\r\n' % n, chunk, _CRLF, last)),)
                    else:
                        bufs = (self._header + last,)
                elif n > 65536:
                    bufs = (self._header, chunk)
                else:
                    bufs = (self._header + chunk if n else self._header,)
                sock._write_bufs(bufs, self._on_flushed)
                events = self._events
                if events and 'prefinish' in events:
                    self.emit('prefinish')      # Node: _finish(), before end() returns
                return self
        corked = False
        if chunk is not None and (type(chunk) is not str or chunk):
            # (Node: `if (chunk)`, so '' is no chunk, and an empty Buffer is one)
            if self.finished:
                self._on_error(errors.ERR_STREAM_WRITE_AFTER_END(), callback)
                return self
            corked = True
            self.cork()
            self._write_(chunk, encoding, None, True)
        elif self.finished:
            if callback:
                if self.writableFinished:
                    callback(errors.ERR_STREAM_ALREADY_FINISHED('end'))    # (Node: at once)
                else:
                    self.once('finish', callback)
            return self
        elif self._header is None:
            corked = True
            self.cork()              # (Node: left corked if the head throws)
            self._contentLength = 0
            self._implicitHeader()
        if callback:
            self.once('finish', callback)
        if self.strictContentLength and self._contentLength is not None \
                and self._hasBody and self._bytes_body != self._contentLength:
            raise errors.ERR_HTTP_CONTENT_LENGTH_MISMATCH(self._bytes_body,
                                                          errors.js_number(self._contentLength))
        self.finished = True
        # Node's _finish() ('prefinish') comes in end() when the message has
        # its socket and holds nothing back, else when what it holds is
        # flushed (here: with 'finish').  Decided before the last write,
        # which another thread may flush and call back at once.
        sock = self.socket
        attached = (sock is not None and sock._httpMessage is self and not self._outbuf) \
            or self._attached_early()
        if not attached:
            self._prefinish_due = True
        if self.chunkedEncoding and self._hasBody:
            last = b'0\r\n' + self._trailer + b'\r\n' if self._trailer else _LAST_CHUNK
            self._send(last, self._on_flushed)
        elif self._headerSent and not corked and not self.writableLength:
            # Node: nothing left to send -- 'finish' on the next tick (also
            # on a destroyed socket), before the callbacks of writes still
            # on their way
            self._soon(self._on_flushed)
        else:
            self._send(b'', self._on_flushed)
        if corked or self._corked:
            # Node: end() fully uncorks (a cork() never undone, or left by a
            # throwing end(chunk), must not hold the last bytes back)
            self._corked = 1
            self._auto_cork = False
            self._uncork()
        if attached and 'prefinish' in self._events:
            self.emit('prefinish')
        return self

    @property
    def writableFinished(self):
        """Node's getter: end() was called and every byte has left the
        message and the socket's queue (true before 'finish' is emitted)."""
        if self._wfin:
            return True
        if not self.finished or self._outbuf_len or self._cork_len:
            return False            # (_cork_len: held, or dropped by a destroy())
        sock = self.socket
        return sock is None or not sock.writableLength

    def _on_flushed(self, err=None):
        """The socket has the last byte: Node's onFinish for the message."""
        if err is not None or self._wfin:
            return
        self._wfin = True
        events = self._events
        if events:      # (most responses have no listener at all)
            if self._prefinish_due and 'prefinish' in events:
                self.emit('prefinish')      # (end() had no socket to emit it with)
            self._finishing()
            if 'finish' in events:
                self.emit('finish')
        self._finished_hook()

    def _attached_early(self):
        """Subclasses: the message counts as having its socket although its
        bytes are still held (a client request whose socket connects)."""
        return False

    def _finishing(self):
        """Subclasses: 'finish' is about to be emitted, to a message with
        listeners (what Node does in the message's own first listener)."""

    def _finished_hook(self):
        """Subclasses react to 'finish' (the server moves to the next request)."""

    def cork(self):
        self._corked += 1

    def _uncork_auto(self):
        self._auto_due = False
        if self._auto_cork:
            self._auto_cork = False
            self._uncork()

    def uncork(self):
        self._uncork()

    def _uncork(self):
        """uncork(); returns what the write of the held bytes returned."""
        if self._corked:
            self._corked -= 1
            if not self._corked and self._cork_parts:
                held, self._cork_parts = self._cork_parts, None
                self._cork_len = 0
                parts = []
                callbacks = []
                for p, cb in held:
                    parts.extend(p)
                    if cb is not None:
                        callbacks.append(cb)
                if sum(len(p) for p in parts) < 65536:
                    parts = [b''.join(parts)]
                sock = self.socket
                if sock is not None and sock.destroyed:
                    # Node: writes a cork held when the socket went are
                    # called back with this (its errorBuffer)
                    for cb in callbacks:
                        self._soon(cb, errors.ERR_STREAM_DESTROYED('write'))
                    return False
                cb = callbacks[0] if len(callbacks) == 1 else (
                    all_callbacks(callbacks) if callbacks else None)
                return self._writeRaw(tuple(parts), cb)

    def setTimeout(self, msecs, callback=None):
        if callback is not None:
            self.on('timeout', callback)
        if self.socket is None:
            self.once('socket', lambda s: s.setTimeout(msecs))
        else:
            self.socket.setTimeout(msecs)
        return self

    def destroy(self, error=None):
        if self.destroyed:
            return self
        self.destroyed = True
        self.errored = error
        held, self._cork_parts = self._cork_parts, None
        if held:
            # what a cork held dies with the socket (Node: its buffered
            # writes' callbacks get ERR_STREAM_DESTROYED; their bytes still
            # count in writableLength -- _cork_len stays, as nothing is held
            # once destroyed -- so a later end() sends no 'finish' and
            # writableFinished stays false)
            for _parts, cb in held:
                if cb is not None:
                    self._soon(cb, error or errors.ERR_STREAM_DESTROYED('write'))
        if self.socket is not None:
            self.socket.destroy(error)
        else:
            self.once('socket', lambda s: s.destroy(error))
        return self

    def pipe(self, *args):
        self.emit('error', errors.ERR_STREAM_CANNOT_PIPE())


def parseUniqueHeadersOption(headers):
    """Node: parseUniqueHeadersOption -- the uniqueHeaders option as a set of
    lower-case names; anything but a list (or tuple) is None, as in Node."""
    if not isinstance(headers, (list, tuple)):
        return None
    unique = set()
    for name in headers:
        if not isinstance(name, str):
            # Node calls headers[i].toLowerCase(): a plain TypeError
            raise TypeError("Cannot read properties of null (reading 'toLowerCase')"
                            if name is None else 'headers[i].toLowerCase is not a function')
        unique.add(name.lower())
    return frozenset(unique)


def _pairs_of(headers):
    """A raw header list: [[name, value], ...] or [name, value, name, value, ...]."""
    headers = list(headers)
    if headers and isinstance(headers[0], (list, tuple)):
        return [(p[0], p[1]) for p in headers]
    if len(headers) % 2:
        raise errors.ERR_INVALID_ARG_VALUE('headers', headers)
    return [(headers[i], headers[i + 1]) for i in range(0, len(headers), 2)]
