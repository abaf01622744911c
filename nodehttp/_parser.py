"""Parser glue — the httptools half of lib/_http_common.js (Node 20.20.2).

One parser per connection.  httptools (llhttp, Node's own parser) calls back
*during* `feed_data()`, and it is not re-entrant, so the callbacks here only
record events in `self.events`; the connection thread dispatches them after
`feed()` returns.  Events are tuples whose first item says what they are:

    (HEAD, head)        a message head (a request's tuple or a response's `Head`)
    (BODY, bytes)       a piece of the body
    (END, rawTrailers)  the message is complete
    (UPGRADE, rest)     CONNECT / Upgrade: the bytes after the head
    (ERROR, exc)        a parse error (errors.HTTPParserError); the parser is dead

What httptools does not do and this module adds (see LIBRARY-NOTES §1-§6):
Node's header-size limit (16 KiB over url, status and header spans, and a cap
on the raw bytes of an unfinished head, since httptools buffers a long header
quadratically), trailing-whitespace stripping of header values, the EOF rules
of llhttp_finish, the error code of each reason string, and for responses the
head-only scan that gives HEAD and CONNECT responses no body.
"""

from collections import deque
from itertools import islice

import re

import httptools

from . import errors

HEAD, BODY, END, UPGRADE, ERROR = 'head', 'body', 'end', 'upgrade', 'error'
SEEN_HOST, SEEN_EXPECT = 1, 2   # a request head's `seen`: headers the server must look at
_MAYBE_CONNECTION = 4           # a Connection or Proxy-Connection field was seen
_CONNECTION_NAMES = frozenset((b'connection', b'proxy-connection'))
IDLE, IN_HEAD, IN_BODY = 0, 1, 2

DEFAULT_MAX_HEADER_SIZE = 16384   # bytes; Node's --max-http-header-size default


_METHODS = {}          # method bytes -> str, for the common ones (no decode per request)


class _HeaderOverflow(Exception):
    pass


def _keeps_alive(events):
    """Whether llhttp goes on to a next message past the response whose
    head is the last HEAD in events, a head without a body (HEAD, CONNECT):
    HTTP/1.1 unless a Connection field says close, HTTP/1.0 only if one
    says keep-alive.  (Not the head's keepAlive: that is llhttp's verdict
    at the head's end, before Node's client has it skip the body, which
    Node's agent goes by -- an unframed answer to HEAD is not reused.)"""
    h = next(val for kind, val in reversed(events) if kind is HEAD)
    tokens = set()
    raw = h.rawHeaders
    for i in range(0, len(raw) - 1, 2):
        if raw[i].lower() == 'connection':
            tokens.update(t.strip(' \t').lower() for t in raw[i + 1].split(','))
    if (h.versionMajor or 0) >= 1 and (h.versionMinor or 0) >= 1:
        return 'close' not in tokens
    return 'keep-alive' in tokens


def _chunked(te):
    """Whether a Transfer-Encoding value ends in chunked (llhttp then reads
    the body as chunked)."""
    return te.rsplit(b',', 1)[-1].strip(b' \t').lower() == b'chunked'


def _ends_unchunked(raw):
    """Whether a head's fields (name, value, ...) have a Transfer-Encoding
    whose last one does not end in chunked."""
    last = None
    for i in range(0, len(raw) - 1, 2):
        if raw[i].rstrip(b' \t').lower() == b'transfer-encoding':   # (lenient: 'name :')
            last = raw[i + 1]
    return last is not None and not _chunked(last)


class _HeadCount:
    """Node's count of a head that comes in several packets, kept packet by
    packet: the first line's span (the url, or the reason phrase), each
    name, each value (from its first byte past the colon's blanks to its
    CR).  At a packet's end llhttp hands Node the span still open too, so a
    head crosses maxHeaderSize there (Node answers 431) while httptools
    still holds the field unreported.  Each byte is looked at once: the
    open line is kept as its length and the places of its marks (the first
    line: its first two spaces; a field line: the colon and the value's
    start), not its bytes.  `done`: the head ended in what was counted (the
    count no longer follows the head the parser is in)."""

    __slots__ = ('reason', 'total', 'first', 'n', 'a', 'b', 'cr', 'done')

    def __init__(self, reason, first=True):
        self.reason = reason      # the first line's span: the reason phrase (else the url)
        self.total = 0            # the spans of the lines complete
        self.first = first        # the open line is the first line (or empty ones before it)
        self.n = 0                # the open line's length so far (no LF)
        self.a = -1               # the first line's first space; a field's colon
        self.b = -1               # the first line's second space; a value's first byte
        self.cr = False           # the open line ends in CR so far
        self.done = False

    def add(self, data):
        """Counts the next packet of the head; returns Node's count at its end."""
        pieces = bytes(data).split(b'\n')
        last = len(pieces) - 1
        for i, seg in enumerate(pieces):
            if seg:
                self._extend(seg)
            if i < last:
                self._close()
                if self.done:
                    break
        return self.total + self._open_span()

    def _extend(self, seg):
        n = self.n
        if self.first:
            if self.a < 0:
                i = seg.find(b' ')
                if i >= 0:
                    self.a = n + i
                    j = seg.find(b' ', i + 1)
                    if j >= 0:
                        self.b = n + j
            elif self.b < 0:
                j = seg.find(b' ')
                if j >= 0:
                    self.b = n + j
        elif self.a < 0:
            i = seg.find(b':')
            if i >= 0:
                self.a = n + i
                rest = seg[i + 1:]
                k = len(rest) - len(rest.lstrip(b' \t'))
                if k < len(rest):
                    self.b = n + i + 1 + k
        elif self.b < 0:
            k = len(seg) - len(seg.lstrip(b' \t'))
            if k < len(seg):
                self.b = n + k
        self.n = n + len(seg)
        self.cr = seg[-1] == 13

    def _open_span(self):
        end = self.n - self.cr        # (a span ends at its CR)
        if self.first:
            if self.reason:
                return end - self.b - 1 if self.b >= 0 else 0
            if self.a < 0:
                return 0
            return (self.b if self.b >= 0 else end) - self.a - 1
        if self.a < 0:
            return end
        return self.a + (end - self.b if self.b >= 0 else 0)

    def _close(self):
        if self.n - self.cr == 0:     # an empty line
            if not self.first:
                self.done = True      # the head's end
        else:
            self.total += self._open_span()
            self.first = False
        self.n = 0
        self.a = self.b = -1
        self.cr = False


CHUNK_EXTENSIONS_LIMIT = 16384   # bytes of one chunk's extensions (Node's kMaxChunkExtensionsSize)
_EXT_OVERFLOW = 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
_HEX_DIGITS = re.compile(rb'[0-9A-Fa-f]*')
# A 1xx status line past 103: httptools' llhttp reads a body after one when
# it is framed; Node's client skips it.  (Looked for in each packet that
# begins a response: no anchor, whose alternation made the search 20 times
# dearer; one in a body only sends that packet through _feed_info, which
# cuts nothing from a final answer.)
_LATE_1XX = re.compile(rb'HTTP/\d\.\d 1(?:0[4-9]|[1-9]\d)[ \r]')
_INFO_HEAD = re.compile(rb'[\r\n]*HTTP/\d\.\d 1(?!01)\d\d[ \r]')
# the values of a head's Transfer-Encoding fields (llhttp reads the body as
# chunked when the last one ends in `chunked`)
_TE_FIELD = re.compile(rb'\n[Tt][Rr][Aa][Nn][Ss][Ff][Ee][Rr]-[Ee][Nn][Cc][Oo][Dd][Ii][Nn][Gg]'
                       rb'[ \t]*:[ \t]*([^\r\n]*)')
# a chunk's size line whole, its extensions (if any) too short to pass the limit
_SIZE_LINE = re.compile(rb'([0-9A-Fa-f]{1,16})(?:;[^\r\n]{0,%d})?\r\n' % CHUNK_EXTENSIONS_LIMIT)
_SIZE, _SIZE_LF, _EXT, _DATA, _DATA_END, _TRAILERS, _DONE = range(7)


class _ChunkScan:
    """Follows a chunked body's framing in the raw bytes, for Node's limit on
    chunk extensions, which httptools parses and drops with no callback.
    Node counts each chunk's extension names and values (a quoted value
    with its quotes; not the ';' and '=') and stops the message once they
    pass CHUNK_EXTENSIONS_LIMIT, where a span ends (just past its '=',
    ';', CR or closing quote) or at the packet's end for one still open.
    The trailers after the last chunk are held to maxHeaderSize as a head's
    fields are (httptools would take them in without end); it stops
    following at their end, and at anything it does not expect (httptools
    reports that).  Each byte
    is looked at once (in Python only in a quoted value, _ext_walk); the
    line is walked again once, to find where the limit was passed."""

    # (defaults on the class: one is made per chunked message)
    state = _SIZE
    digits = b''                  # the chunk size so far
    left = 0                      # the chunk's data still to come
    ext = b''                     # the chunk's extensions so far (after the first ';')
    count = 0                     # Node's count of them
    quote = False                 # inside a quoted value
    esc = False                   # just past a backslash in one
    segments = ()                 # where, in the packet, each piece of data begins
    fields = None                 # Node's count of the trailers (_HeadCount)
    trailers = b''                # the trailers so far

    def __init__(self, limit):
        self.limit = limit        # maxHeaderSize, for the trailers

    def _size_done(self, size):
        """A size line is read: the chunk's data follows, or, after the last
        chunk, its trailers (counted as a head's fields are)."""
        if size:
            self.left = size
            self.state = _DATA
        else:
            self.state = _TRAILERS
            self.fields = _HeadCount(False, first=False)     # (fields only: no first line)
            self.trailers = bytearray()

    def add(self, data, pos):
        """Follows `data` from `pos`; (code, offset) where Node stops the
        message (its extensions, or its trailers, are over the limit), else
        None."""
        self.segments = segments = []
        end = len(data)
        while pos < end:
            state = self.state
            if state == _DATA:
                segments.append(pos)
                left = self.left
                if left > end - pos:
                    self.left = left - (end - pos)
                    return None
                pos += left
                self.left = 0
                if data.startswith(b'\r\n', pos):     # (the usual: the CRLF after the data)
                    pos += 2
                    self.state = _SIZE
                else:
                    self.state = _DATA_END
            elif state == _SIZE and not self.digits and \
                    (m := _SIZE_LINE.match(data, pos)) is not None:
                # A whole size line with extensions too short to pass the
                # limit (the usual): one match.  Anything else goes byte by
                # byte below.
                pos = m.end()
                size = int(m.group(1), 16)
                if not size and data.startswith(b'\r\n', pos):     # the last chunk, no trailers
                    self.state = _DONE
                    break
                self._size_done(size)
            elif state == _DATA_END:
                if data[pos] == 10:
                    self.state = _SIZE
                elif data[pos] != 13:
                    self.state = _DONE
                pos += 1
            elif state == _SIZE:
                m = _HEX_DIGITS.match(data, pos).end()
                self.digits += data[pos:m]
                pos = m
                if pos == end:
                    break
                c = data[pos]
                pos += 1
                if len(self.digits) > 16 or not self.digits or c not in (59, 13):
                    self.state = _DONE        # (llhttp: an invalid chunk size)
                elif c == 59:                 # ';'
                    self.state = _EXT
                    self.ext = bytearray()
                else:
                    self.state = _SIZE_LF
            elif state == _EXT:
                cr = data.find(b'\r', pos)
                stop = end if cr < 0 else cr
                piece = data[pos:stop]
                self.ext += piece
                if self.quote or 34 in piece:
                    count, self.quote, self.esc, _ = _ext_walk(piece, self.quote, self.esc,
                                                               self.count)
                else:
                    count = self.count + len(piece) - piece.count(b';') - piece.count(b'=')
                self.count = count
                if count > CHUNK_EXTENSIONS_LIMIT:
                    over = _ext_walk(self.ext, False, False, 0)[3]
                    if over is None:          # (the last span: at its CR, or still open)
                        return _EXT_OVERFLOW, end if cr < 0 else cr + 1
                    return _EXT_OVERFLOW, pos + over - (len(self.ext) - len(piece))
                if cr < 0:
                    break
                pos = cr + 1
                self.state = _SIZE_LF
            elif state == _SIZE_LF:
                if data[pos] != 10:
                    self.state = _DONE
                    break
                pos += 1
                size = int(self.digits, 16)
                self.digits = b''
                self.ext = b''
                self.count = 0
                self.quote = self.esc = False
                self._size_done(size)
            elif state == _TRAILERS:
                piece = data[pos:]
                self.trailers += piece
                fields = self.fields
                if fields.add(piece) >= self.limit:
                    text = bytes(self.trailers)
                    off = _fields_reach(text, 0, len(text) - len(piece), 0, self.limit)
                    return 'HPE_HEADER_OVERFLOW', end if off is None else pos + off
                if fields.done:
                    self.state = _DONE
                break
            else:
                break
        return None


def _fields_reach(head, pos, base, total, limit):
    """Where Node's count of the field lines from `pos` on (names, values),
    going on from `total`, first reaches `limit`: an offset from `base` (the
    packet's start in `head`) just past a name's colon or a value's CR, the
    packet's end for a span still open there; None if it does not, or
    before the packet."""
    end = len(head)
    while pos < end and not head.startswith(b'\r\n', pos):
        colon = head.find(b':', pos)
        line_end = head.find(b'\r\n', pos)
        if colon < 0 or 0 <= line_end < colon:
            return end - base if colon < 0 and line_end < 0 and \
                total + end - pos >= limit else None
        total += colon - pos
        if total >= limit:
            return colon + 1 - base if colon >= base else None
        value = colon + 1
        while value < end and head[value] in (32, 9):
            value += 1
        total += (line_end if line_end >= 0 else end) - value
        if total >= limit:
            return line_end + 1 - base if line_end >= base else \
                None if line_end >= 0 else end - base
        if line_end < 0:
            break
        pos = line_end + 2
    return None


def _ext_walk(text, quote, esc, count):
    """Node's count of a chunk's extension text, going on from `count`: all
    bytes but a ';' or '=' outside quotes.  (count, whether it ends inside
    quotes, just past a backslash there, the offset just past the first
    span end -- a ';', '=' or closing quote -- where the count is past the
    limit, or None)."""
    over = None
    for i, c in enumerate(text):
        if quote:
            count += 1
            if esc:
                esc = False
            elif c == 92:
                esc = True
            elif c == 34:
                quote = False
                if over is None and count > CHUNK_EXTENSIONS_LIMIT:
                    over = i + 1
        elif c == 34:
            quote = True
            count += 1
        elif c == 59 or c == 61:
            if over is None and count > CHUNK_EXTENSIONS_LIMIT:
                over = i + 1
        else:
            count += 1
    return count, quote, esc, over


class _NoCallbacks:
    """The protocol of a probe parser (_error_offset): no callbacks."""


_NO_CALLBACKS = _NoCallbacks()

# llhttp reasons whose error position is one past the offending byte (Node's
# err.bytesParsed), measured against Node 20 (tests/conformance/test_wire_client_error.py)
_PAST_BYTE = frozenset((
    'Invalid characters in url', 'Invalid HTTP version', 'Pause on PRI/Upgrade',
    'Expected CRLF after version', 'Missing expected CR after response line',
    'Invalid header field char',
    "Transfer-Encoding can't be present with Content-Length",
    "Content-Length can't be present with Transfer-Encoding", 'Content-Length overflow',
    'Request has invalid `Transfer-Encoding`', 'Invalid `Transfer-Encoding` header value',
    'Chunk size overflow', 'Missing expected CR after chunk size',
    'Invalid character in chunk extensions name',
))


class Head:
    """What a response's head says.  The defaults are class attributes: a
    head is made per message, and sets only what it has."""

    statusCode = None
    statusMessage = ''
    versionMajor = 1
    versionMinor = 1
    rawHeaders = ()           # (always set by the parser: a fresh list)
    keepAlive = True
    upgrade = False


def decode_raw(raw):
    """A request's header fields as RequestParser keeps them (bytes, values
    as llhttp gives them) -> Node's rawHeaders: latin-1 strings, each value
    without its trailing whitespace."""
    out = []
    for i in range(0, len(raw) - 1, 2):
        out.append(raw[i].decode('latin-1'))
        out.append(raw[i + 1].rstrip(b' \t').decode('latin-1'))
    return out


# A request's head is a plain tuple, made once per request and unpacked by
# the server (a namedtuple would cost a second object):
#     (method, url, httpVersion, versionMajor, versionMinor, rawHeaders, keepAlive,
#      upgrade, seen)
# with rawHeaders still bytes (decode_raw makes them Node's strings).


class _Base:
    """What request and response parsing share."""

    def __init__(self, maxHeaderSize=None, insecure=False):
        self.max_header_size = maxHeaderSize or DEFAULT_MAX_HEADER_SIZE
        # httptools keeps an unfinished head in memory: never feed it more than this
        self.head_cap = self.max_header_size * 4 + 65536
        self.insecure = insecure
        self.events = deque()
        self.state = IDLE
        self.dead = False
        # Node's parser has passed header fields to JavaScript before a
        # head's end (a message's trailers here; a head's 32nd field, the
        # server sets when it takes that head): from then on it does at
        # every head, in a callback that runs the ticks
        # (server._Connection._error_ahead)
        self.flushed = False
        self._size = 0
        self._raw = []
        self._head_bytes = 0
        self._seen = 0
        self._url = []
        self._head_chunks = []    # packets of a head that spans several (for _error_offset)
        self._count = None        # Node's count of such a head (_HeadCount), if followed
        self._chunks = None       # the chunked body followed for its extensions (_ChunkScan)
        self._post = False        # a feed that ends with the message done needs _after_feed
        self._quiet = 0           # bytes of a body not followed that gave no event
        self._p = self._new_parser()

    def _new_parser(self, proto=None):
        p = self._parser_class(self if proto is None else proto)
        if self.insecure:
            try:
                p.set_dangerous_leniencies(
                    lenient_headers=True, lenient_chunked_length=True, lenient_keep_alive=True,
                    lenient_transfer_encoding=True, lenient_version=True,
                    lenient_data_after_close=True, lenient_optional_lf_after_cr=True,
                    lenient_optional_cr_before_lf=True, lenient_optional_crlf_after_chunk=True,
                    lenient_spaces_after_chunk_size=True)
            except (AttributeError, TypeError):
                pass
        return p

    # -- httptools callbacks (record only) -------------------------------

    def on_message_begin(self):
        self.state = IN_HEAD
        self._seen = 0
        self._size = 0
        self._raw = []
        self._url = []

    def on_url(self, b):
        self._url.append(b)
        self._size += len(b)
        if self._size >= self.max_header_size:
            raise _HeaderOverflow()

    on_status = on_url

    # Header names a parser looks at in the head, by length (a cheap
    # filter: most headers cost no call), and what it does with them.
    _WATCH_LENGTHS = frozenset()

    def _watch(self, lname, value):
        pass

    def on_header(self, name, value):
        raw = self._raw
        raw.append(name.decode('latin-1'))
        raw.append(value.rstrip(b' \t').decode('latin-1'))
        size = self._size + len(name) + len(value)
        self._size = size
        if size >= self.max_header_size:
            raise _HeaderOverflow()
        if len(name) in self._WATCH_LENGTHS and self.state == IN_HEAD:
            self._watch(name.lower(), value)

    def on_chunk_header(self):
        self._size = 0
        self._post = True             # (a chunked body: _after_feed follows it)

    def on_chunk_complete(self):
        self._size = 0

    def on_body(self, b):
        self.events.append((BODY, b))

    def on_message_complete(self):
        trailers = self._raw          # (the head's end left a fresh one)
        if trailers:
            self._raw = []
            self.flushed = True
            trailers = self._trailer_fields(trailers)
        else:
            trailers = ()             # (no trailers, the usual: the list stays)
        self.state = IDLE
        self.events.append((END, trailers))

    def _trailer_fields(self, raw):
        """rawTrailers from the fields on_header kept (here: as they are)."""
        return raw

    # -- feeding -------------------------------------------------------------

    def _fail(self, exc, data, start_state=None, reason=None, upto=None):
        """The parse error event.  upto: where the error httptools met is,
        when the head passed the limit at it (_overflow_offset looks no
        further: llhttp ended the span in hand there)."""
        self.dead = True
        if isinstance(exc, _HeaderOverflow) or isinstance(
                exc, httptools.HttpParserCallbackError) and \
                isinstance(exc.__context__, _HeaderOverflow):
            err = errors.parse_error('Header overflow', data,
                                     self._overflow_offset(data[:upto], start_state),
                                     code='HPE_HEADER_OVERFLOW')
        elif isinstance(exc, httptools.HttpParserCallbackError):
            inner = exc.__context__
            err = errors.parse_error(str(inner) or 'User callback error', data,
                                     code='HPE_USER')
        else:
            reason = reason or str(exc)
            err = errors.parse_error(reason, data, self._error_offset(data, start_state, reason))
        self.events.append((ERROR, err))

    def _after_feed(self, data, start_state, n0):
        """After a feed that left a message unfinished, or that _post asks
        to look at: the chunked body followed for its extensions and
        trailers (_ChunkScan), the head that spans packets (_unfinished_head)."""
        scan = self._chunks
        if scan is not None:
            stop = scan.add(data, 0)
            if stop is not None:
                self._chunks_stop(data, n0, scan, stop)
                return
            if scan.state == _DONE or self.state == IDLE:
                self._chunks = None
        elif start_state != IN_BODY:
            self._quiet = 0               # (a new message's body)
            if self.state == IN_BODY or len(data) > CHUNK_EXTENSIONS_LIMIT and self._post:
                self._follow_chunks(data, start_state, n0)
                if self.dead:
                    return
        elif self.state == IN_BODY:
            # A body not followed (its head shared a packet): bytes that
            # give no event are framing -- chunk extensions, trailers --
            # which httptools takes in without end; capped as a head is.
            if len(self.events) != n0:
                self._quiet = 0
            else:
                self._quiet += len(data)
                if self._quiet > self.head_cap:
                    self.dead = True
                    self.events.append((ERROR, errors.parse_error(
                        'Header overflow', bytes(data), code='HPE_HEADER_OVERFLOW')))
                    return
        if self.state == IN_HEAD or self._head_chunks:
            self._unfinished_head(data, start_state)
        self._post = bool(self._head_chunks) or self._chunks is not None

    def _follow_chunks(self, data, start_state, n0):
        """A head ended in this packet: its chunked body is followed
        (_ChunkScan) when it is the packet's only head; the body starts
        past the head's blank line."""
        events = self.events
        n = len(events)
        if n <= n0 or events[n0][0] is not HEAD:
            return
        if n - n0 > 1:
            for i in range(n0 + 1, n):
                if events[i][0] is HEAD:
                    return
        prefix = self._head_prefix(start_state)
        if prefix is None:
            return
        head = prefix + data if prefix else data
        skip = len(head) - len(head.lstrip(b'\r\n')) if head[0] in (13, 10) else 0
        end = head.find(b'\r\n\r\n', skip)
        if end < 0 or end + 4 < len(prefix):
            return
        te = self._transfer_encoding(head, skip, end)
        if te is None or not _chunked(te):
            return
        scan = self._chunks = _ChunkScan(self.max_header_size)
        stop = scan.add(data, end + 4 - len(prefix))
        if stop is not None:
            self._chunks_stop(data, n0, scan, stop)
        elif scan.state == _DONE or self.state == IDLE:
            self._chunks = None

    def _transfer_encoding(self, head, start, end):
        """The last Transfer-Encoding value of the head in head[start:end]
        (llhttp reads the body as chunked when it ends in `chunked`), or None."""
        found = _TE_FIELD.findall(head, start, end + 2)
        return found[-1] if found else None

    def _chunks_stop(self, data, n0, scan, stop):
        """Node stops the message at `stop` (code, offset): the body before
        it went out, what httptools parsed past it did not."""
        code, off = stop
        events = self.events
        new = list(islice(events, n0, None))
        for _ in new:
            events.pop()
        keep = sum(1 for s in scan.segments if s < off)
        for kind, val in new:
            if kind is BODY:
                if not keep:
                    break
                keep -= 1
            elif kind is not HEAD:
                break
            events.append((kind, val))
        self._chunks = None
        self.dead = True
        reason = 'Chunk extensions overflow' if code == _EXT_OVERFLOW else 'Header overflow'
        events.append((ERROR, errors.parse_error(reason, bytes(data), off, code=code)))

    def _head_prefix(self, start_state):
        """What came of this head before the packet now parsed: b'' for a
        packet that began between messages, the kept packets of a head it
        goes on with, None when they are not at hand."""
        if start_state == IDLE:
            return b''
        if start_state == IN_HEAD and self._head_chunks:
            return b''.join(self._head_chunks)
        return None

    def _overflow_offset(self, data, start_state):
        """Where in this packet Node's count of the head (the first line's
        span: url or reason phrase; names and values: each as llhttp ends
        its span) first reaches maxHeaderSize: err.bytesParsed.  llhttp
        reports a name's end just past its colon, a value's just past its
        CR, a span still open at the packet's end there, the first line's
        as _first_span says.  None (the packet's length) when the head's
        start is not at hand."""
        prefix = self._head_prefix(start_state)
        if prefix is None:
            return None
        return self._overflow_at(prefix, bytes(data))

    def _overflow_at(self, prefix, data):
        """_overflow_offset for a head whose bytes before `data` are `prefix`."""
        head = prefix + data
        base, end, limit = len(prefix), len(head), self.max_header_size
        pos = 0
        while head.startswith(b'\r\n', pos):
            pos += 2                  # (llhttp skips empty lines before a message)
        first = self._first_span(head, pos)
        if first is None:
            return None
        start, stop, past = first
        total = (stop if stop >= 0 else end) - start
        if total >= limit:
            return stop + past - base if stop >= base else None if stop >= 0 else len(data)
        pos = head.find(b'\r\n', start) + 2
        return _fields_reach(head, pos, base, total, limit) if pos > 1 else None

    _first_span_is_reason = False    # (_HeadCount: the url is counted)

    def _first_span(self, head, pos):
        """(start, stop, past) of the first line's counted span, from `pos`
        (stop -1: still open; past: 1 when llhttp reports its end one byte
        past it), or None."""
        return None

    def _error_offset(self, data, start_state, reason):
        """Node's err.bytesParsed: how much of this packet llhttp took before
        the error.  httptools does not say, so it is found by replaying into
        fresh parsers (a binary search; errors only), which is possible when
        the packet began between messages or inside a head whose earlier
        packets were kept.  None (the packet's length) otherwise."""
        prefix = self._head_prefix(start_state)
        if prefix is None:
            return None
        data = bytes(data)
        good, bad = 0, len(data)      # data[:good] parses; data[:bad] fails
        while bad - good > 1:
            mid = (good + bad) // 2
            probe = self._new_parser(_NO_CALLBACKS)
            try:
                probe.feed_data(prefix + data[:mid])
                good = mid
            except httptools.HttpParserUpgrade:
                good = mid
            except httptools.HttpParserError:
                bad = mid
        # `good` is the offending byte's offset; some llhttp states report the
        # position past it (measured against Node 20 for each reason)
        if reason in _PAST_BYTE or (reason == 'Invalid character in chunk size'
                                    and data[good:good + 1] in (b' ', b'\t')):
            good += 1
        return good

    def _unfinished_head(self, data, start_state):
        """After a feed: a head still unfinished is kept (for _error_offset)
        and capped (httptools buffers it); a finished one is let go."""
        if self.state != IN_HEAD:
            self._head_chunks = []
            self._count = None
            return
        if start_state != IN_BODY and self._head_bytes <= self.head_cap:
            self._head_chunks.append(bytes(data))
        count = self._count
        if start_state == IDLE:
            # (the packet began between messages: its head starts it)
            count = self._count = _HeadCount(self._first_span_is_reason)
        if count is not None and start_state != IN_BODY and not count.done:
            if count.add(data) >= self.max_header_size and not count.done:
                self._fail(_HeaderOverflow(), bytes(data), start_state)
                return
        self._head_bytes += len(data)
        if self._head_bytes > self.head_cap:
            self.dead = True
            self.events.append((ERROR, errors.parse_error(
                'Header overflow', bytes(data), code='HPE_HEADER_OVERFLOW')))

    def finish(self):
        """The peer closed: like llhttp_finish.  Appends END for a message
        that ends at EOF, ERROR for a cut one, nothing when idle."""
        if self.dead:
            return
        if self.state == IDLE:
            return
        if self.state == IN_BODY and self._needs_eof():
            self.state = IDLE
            self.events.append((END, []))
            return
        self.dead = True
        self.events.append((ERROR, errors.parse_error('Invalid EOF state', None,
                                                      code='HPE_INVALID_EOF_STATE')))

    def _needs_eof(self):
        return False


class RequestParser(_Base):
    """Parses requests on a server connection.

    Its on_url is the url list's own append, a C call: no Python frame for
    one of the six callbacks of a request.  So the url's share of Node's
    header-size limit is counted where the head ends (on_headers_complete),
    after each packet of a head still unfinished, and when llhttp fails
    (that limit was crossed first if url and fields already reach it)."""

    _parser_class = httptools.HttpRequestParser

    def _new_parser(self, proto=None):
        if proto is None:
            # (httptools takes its callbacks when the parser is made; _url
            # stays this one list, emptied at each head's end)
            self.on_url = self._url.append
            self._url_counted = 0     # pieces of _url summed into _url_total
            self._url_total = 0
            self._eof_body = False    # (insecure only) this body ends with the connection
        return _Base._new_parser(self, proto)

    def _needs_eof(self):
        # llhttp, lenient: a Transfer-Encoding that does not end in chunked
        # is read to the end of the connection (strict: it is an error)
        return self.insecure and self._eof_body

    def _url_size(self):
        """The url's length so far: its pieces are summed once each (a url
        sent a byte at a time is thousands of them, asked after each packet)."""
        url = self._url
        k = len(url)
        n = self._url_counted if self._head_bytes else 0    # (0: a head's first packet)
        if k == n and n:
            return self._url_total
        total = (self._url_total if n else 0) + sum(map(len, url[n:] if n else url))
        self._url_total = total
        self._url_counted = k
        return total

    def _unfinished_head(self, data, start_state):
        count = self._count
        if self.state == IN_HEAD and (start_state != IN_HEAD or count is None or count.done) \
                and self._size + self._url_size() >= self.max_header_size:
            # (a head _HeadCount follows needs no sum of the url's pieces
            # per packet: a url sent a byte at a time would make it quadratic)
            self._fail(_HeaderOverflow(), bytes(data), start_state)
            return
        _Base._unfinished_head(self, data, start_state)

    def _fail(self, exc, data, start_state=None, reason=None):
        upto = None
        if self.state == IN_HEAD and isinstance(exc, httptools.HttpParserError) \
                and not isinstance(exc, httptools.HttpParserCallbackError):
            size = self._size + self._url_size()
            if size < self.max_header_size <= size + len(data) + self._head_bytes:
                reason = reason or str(exc)
                size += self._unreported(data, start_state, reason)
                upto = self._error_offset(data, start_state, reason)
            if size >= self.max_header_size:
                exc = _HeaderOverflow()     # (Node's count would have stopped llhttp before)
        _Base._fail(self, exc, data, start_state, reason, upto)

    def _first_span(self, head, pos):
        # the url: llhttp reports its end at the space after it
        start = head.find(b' ', pos) + 1
        return (start, head.find(b' ', start), 0) if start else None

    def _unreported(self, data, start_state, reason):
        """What llhttp had counted for Node, at the error, that httptools had
        not handed over: it hands a field over when the next one's name is
        done.  An error in a name leaves the field before it unreported; one
        in a value, that field's name and the value as far as the error
        (llhttp ends the value's span there first: its spaces count, its CR
        does not).  (Errors only: a replay finds where.)"""
        off = self._error_offset(data, start_state, reason)
        if off is None:
            return 0
        prefix = b''.join(self._head_chunks) if start_state == IN_HEAD else b''
        head = prefix + bytes(data[:off - (reason in _PAST_BYTE)])    # (up to the byte itself)
        start = head.rfind(b'\n') + 1
        name, colon, value = head[start:].partition(b':')
        if colon:
            if b' ' in name:
                return 0                                # (a space: the request line)
            value = value.lstrip(b' \t')
            return len(name) + len(value[:-1] if value.endswith(b'\r') else value)
        if not start:
            return 0
        line = head[head.rfind(b'\n', 0, start - 1) + 1:start - 1].rstrip(b'\r')
        name, colon, value = line.partition(b':')
        if not colon or b' ' in name:
            return 0                                    # the request line
        return len(name) + len(value.strip(b' \t'))

    def on_header(self, name, value):
        # _Base.on_header with the watch inline (Host, Expect): the hottest
        # callback of the server, 0.1 us less per field.  (A trailer's marks
        # are never read: h.seen is taken at the head's end.)  The fields
        # stay bytes: most handlers never read them, and decoding costs
        # more than the rest of this (IncomingMessage.rawHeaders decodes).
        raw = self._raw
        raw.append(name)              # (bytes: decoded when someone reads them,
        raw.append(value)             # see decode_raw)
        n = len(name)
        size = self._size + n + len(value)
        self._size = size
        if size >= self.max_header_size:
            raise _HeaderOverflow()
        if n == 4:
            if name == b'Host' or name.lower() == b'host':     # (the usual spelling first)
                self._seen |= SEEN_HOST
        elif n == 6:
            if name == b'Expect' or name.lower() == b'expect':
                self._seen |= SEEN_EXPECT
        elif n == 10 or n == 16:
            # (User-Agent is the usual field of ten letters, not one of these)
            if name != b'User-Agent' and name.lower() in _CONNECTION_NAMES:
                self._seen |= _MAYBE_CONNECTION

    _trailer_fields = staticmethod(decode_raw)     # (on_header keeps bytes)

    def on_message_begin(self):
        # (_raw is fresh and _url empty: each head and message end sees to it)
        self.state = IN_HEAD
        self._seen = 0
        self._size = 0

    def on_headers_complete(self):
        p = self._p
        m = p.get_method()
        method = _METHODS.get(m)
        if method is None:
            method = m.decode('latin-1')
            if len(_METHODS) < 64:
                _METHODS[m] = method
        chunks = self._url
        url = chunks[0] if len(chunks) == 1 else b''.join(chunks)
        chunks.clear()
        if self._size + len(url) >= self.max_header_size:
            raise _HeaderOverflow()
        url = url.decode('latin-1')
        keep_alive = p.should_keep_alive()
        if keep_alive and not self._seen & _MAYBE_CONNECTION and not self.insecure:
            # llhttp keeps a connection alive by default only for HTTP/1.1,
            # the one version past 1.0 it accepts when strict (0.9, 1.0, 1.1,
            # 2.0), so without a Connection field to say keep-alive (llhttp
            # reads Proxy-Connection as one too) this is 1.1 -- and
            # get_http_version(), which formats a string, is the dearest
            # call of the head.
            ver = '1.1'
            major = minor = 1
        else:
            ver = p.get_http_version()
            if ver == '1.1':
                major = minor = 1
            elif ver == '1.0':
                major, minor = 1, 0
            else:
                maj, _, mnr = ver.partition('.')
                major, minor = int(maj or 0), int(mnr or 0)
                ver = '%d.%d' % (major, minor)
            if self.insecure:
                self._eof_body = _ends_unchunked(self._raw)
        h = (method, url, ver, major, minor, self._raw, keep_alive, p.should_upgrade(),
             self._seen & (SEEN_HOST | SEEN_EXPECT))
        self._raw = []
        self._size = 0
        self._head_bytes = 0
        self.state = IN_BODY
        self.events.append((HEAD, h))

    def feed(self, data):
        """Parses data; events go to self.events."""
        if self.dead:
            return
        start_state = self.state
        n0 = len(self.events)
        try:
            self._p.feed_data(data)
        except httptools.HttpParserUpgrade as u:
            off = u.args[0] if u.args else len(data)
            self.events.append((UPGRADE, bytes(data[off:])))
            return
        except httptools.HttpParserError as exc:
            if self.state == IN_BODY and isinstance(exc.__context__, _HeaderOverflow):
                self._after_feed(data, start_state, n0)       # (trailers: where, exactly)
                if self.dead:
                    return
            self._fail(exc, bytes(data), start_state)
            return
        if self.state != IDLE or self._post:
            self._after_feed(data, start_state, n0)

    def resume_after_upgrade(self, rest):
        """Parses the bytes after an Upgrade head as HTTP after all (no
        'upgrade' listener: Node handles it as a normal request)."""
        if rest:
            self.feed(rest)


class ResponseParser(_Base):
    """Parses responses on a client connection.

    `expect(method)` must be called before each request's response: for HEAD
    and CONNECT the head is cut out by hand (the head-only scan) so that no
    body is taken from the bytes that follow."""

    _parser_class = httptools.HttpResponseParser

    def __init__(self, maxHeaderSize=None, insecure=False):
        _Base.__init__(self, maxHeaderSize, insecure)
        self._method = 'GET'
        self._scan = bytearray()
        self._scan_skip = 0       # the CR/LF bytes _scan starts with (skipped before a head)
        self._scan_probe = None   # a parser with no callbacks fed _scan's head (_probe_fails)
        self._scan_count = None   # Node's count of the head _scan holds (_HeadCount)
        self._cl = None
        self._te = None
        self._status = None
        self._renew = False       # the llhttp parser cannot go on (see reset)

    def expect(self, method):
        self._method = method

    _WATCH_LENGTHS = frozenset((14, 17))
    _first_span_is_reason = True

    def _transfer_encoding(self, head, start, end):
        return self._te               # (watched as the head was parsed)

    def _first_span(self, head, pos):
        # the reason phrase: llhttp reports its end just past its CR
        line_end = head.find(b'\r\n', pos)
        sp = head.find(b' ', pos)
        sp = head.find(b' ', sp + 1) if sp >= 0 else -1
        if sp < 0 or 0 <= line_end < sp:
            return (line_end, line_end, 1) if line_end >= 0 else None    # (no reason)
        return sp + 1, line_end, 1

    def _watch(self, lname, value):
        if lname == b'content-length':
            self._cl = value
        elif lname == b'transfer-encoding':
            self._te = value

    def on_message_begin(self):
        self.state = IN_HEAD
        self._size = 0
        self._raw = []
        self._url = []
        self._cl = None
        self._te = None

    def on_headers_complete(self):
        p = self._p
        h = Head()
        h.statusCode = p.get_status_code()
        self._status = h.statusCode
        url = self._url
        h.statusMessage = (url[0] if len(url) == 1 else b''.join(url)).decode('latin-1')
        ver = p.get_http_version()
        if ver == '1.0':
            h.versionMinor = 0
        elif ver != '1.1':
            maj, _, mnr = ver.partition('.')
            h.versionMajor, h.versionMinor = int(maj or 0), int(mnr or 0)
        h.rawHeaders = self._raw
        h.keepAlive = p.should_keep_alive()
        h.upgrade = p.should_upgrade()
        self._raw = []
        self._size = 0
        self._head_bytes = 0
        self.state = IN_BODY
        self.events.append((HEAD, h))

    def _needs_eof(self):
        s = self._status or 0
        if 100 <= s < 200 or s in (204, 304) or self._method in ('HEAD', 'CONNECT'):
            return False
        if self._te is not None:
            return not _chunked(self._te)
        return self._cl is None

    def feed(self, data):
        if self.dead:
            return
        if self._method in ('HEAD', 'CONNECT') or self._scan:
            self._feed_head_only(data)
        elif self.state == IDLE and _LATE_1XX.search(data) is not None:
            self._feed_info(data)
        elif self.state == IN_HEAD and self._head_chunks and (
                self._late_1xx(data) or _LATE_1XX.search(data) is not None):
            self._feed_info_end(data)
        else:
            self._feed(data)

    def _late_1xx(self, data):
        """The head in progress (begun in an earlier packet) is a 1xx past
        103, or its status line, still unfinished, may be one."""
        status = self._p.get_status_code() or 0
        if status >= 100:
            return 104 <= status < 200
        # (below 100: llhttp has read only the code's first digits)
        return _LATE_1XX.search(self._head_chunks[-1][-16:] + bytes(data[:16])) is not None

    def _feed_info_end(self, data):
        """The rest of a head begun in an earlier packet, a 1xx past 103 or
        one before such a 1xx: its end is cut out by hand (_feed_info)."""
        data = bytes(data)
        tail = self._head_chunks[-1][-3:]
        i = (tail + data).find(b'\r\n\r\n')
        if i < 0:
            self._feed(data)
            return
        self._feed_info(data, i + 4 - len(tail), True)

    def _feed_info(self, data, first_end=None, begun=False):
        """A packet with a 1xx past 103 in it (rare): the 1xx heads at its
        start are cut out by hand and parsed without a body, as Node's
        client has llhttp skip the body of every 1xx; the rest as usual.
        begun: the packet begins inside such a head, which ends at
        first_end.  (A 1xx head that begins in this packet and ends in
        the next is parsed as usual up to its end.)"""
        data = bytes(data)
        pos = 0
        while True:
            if begun:
                stop, begun = first_end, False
            else:
                m = _INFO_HEAD.match(data, pos)
                end = data.find(b'\r\n\r\n', pos) if m is not None else -1
                if end < 0:
                    break
                stop = end + 4
            self._feed_at(data[pos:stop], data, pos)
            if self.dead:
                return
            pos = stop
            if not 100 <= (self._status or 0) < 200:
                break                     # a final head: its body and the rest as usual
            if self.state != IDLE:        # (framed: llhttp waits for a body)
                self.state = IDLE
                self.events.append((END, []))
                self._renew_parser()
                lead = data[pos:].lstrip(b'\r\n')
                if lead and not _keeps_alive(self.events):
                    self._closed_error(data, len(data) - len(lead))
                    return
        if pos < len(data):
            self._feed_at(data[pos:], data, pos)

    def _closed_error(self, data, at):
        """llhttp, past a message that keeps no connection: any byte but CR
        and LF is an error."""
        self.dead = True
        self.events.append((ERROR, errors.parse_error(
            'Data after `Connection: close`', bytes(data), at, code='HPE_CLOSED_CONNECTION')))

    def _renew_parser(self):
        self._p = self._new_parser()
        self._head_chunks = []
        self._count = None
        self._chunks = None
        self._post = False
        self._quiet = 0
        self._head_bytes = 0

    def _feed(self, data):
        start_state = self.state
        n0 = len(self.events)
        try:
            self._p.feed_data(data)
        except httptools.HttpParserUpgrade as u:
            off = u.args[0] if u.args else len(data)
            self.events.append((UPGRADE, bytes(data[off:])))
            self.dead = True
            return
        except httptools.HttpParserError as exc:
            if str(exc).startswith('Pause on CONNECT/Upgrade') and self._status == 101:
                # A 101 without Upgrade: Node treats it as a complete response.
                self.state = IDLE
                self._renew = True        # llhttp is left paused
                return
            if self.state == IN_BODY and isinstance(exc.__context__, _HeaderOverflow):
                self._after_feed(data, start_state, n0)       # (trailers: where, exactly)
                if self.dead:
                    return
            self._fail(exc, bytes(data), start_state)
            return
        if self.state != IDLE or self._post:
            self._after_feed(data, start_state, n0)

    def _feed_head_only(self, data):
        """HEAD/CONNECT: feed exactly the head; what follows is not its body."""
        buf = self._scan
        seen = len(buf)               # (looked at already: no head's end in it)
        buf += data
        if not seen:
            lead = bytes(buf[:64]).lstrip(b'\r\n')[:5]
            if lead and not b'HTTP/'.startswith(lead):
                # llhttp fails at once on what cannot begin a status line
                rest = bytes(buf)
                buf.clear()
                self._feed_rest(rest, data)
                return
        while True:
            # Each byte is looked at once: the CR/LF before a head (llhttp
            # skips them), the search for the head's end, Node's count.
            skip = self._scan_skip
            if skip == seen:
                new = bytes(buf[seen:])
                skip = self._scan_skip = seen + len(new) - len(new.lstrip(b'\r\n'))
            end = buf.find(b'\r\n\r\n', max(skip, seen - 3))
            if end < 0 and self._probe_fails(buf, seen):
                # a head llhttp fails on before its end (a bad status, a bad
                # field, a CR without LF ...): the error comes now, as in
                # Node, not when a head's end that may never come does
                rest = bytes(buf)
                buf.clear()
                self._scan_skip = 0
                self._scan_count = None
                self._scan_probe = None
                self._feed_at(rest, data, len(data) - len(rest))
                return
            if end < 0:
                count = self._scan_count
                if count is None:
                    count = self._scan_count = _HeadCount(True)
                    seen = 0
                if count.add(buf[seen:]) >= self.max_header_size and not count.done:
                    self._scan_overflow(bytes(data))
                elif len(buf) > self.head_cap:
                    self.dead = True
                    self.events.append((ERROR, errors.parse_error(
                        'Header overflow', bytes(buf), code='HPE_HEADER_OVERFLOW')))
                return
            head = bytes(buf[:end + 4])
            del buf[:end + 4]
            seen = self._scan_skip = 0
            self._scan_count = None
            self._scan_probe = None
            self._feed(head)
            if self.dead:
                return
            status = self._status or 0
            if 100 <= status < 200 and status != 101:
                # informational: the same parser goes on, and llhttp fails
                # at once on bytes that cannot begin a status line
                rest = bytes(buf)
                lead = rest.lstrip(b'\r\n')
                if self.state != IDLE:    # (a framed 1xx past 103: _feed_info)
                    self.state = IDLE
                    self.events.append((END, []))
                    self._renew_parser()
                    if lead and not _keeps_alive(self.events):
                        buf.clear()
                        self._closed_error(data, len(data) - len(lead))
                        return
                if lead and not b'HTTP/'.startswith(lead[:5]):
                    buf.clear()
                    self._feed_rest(rest, data)
                    return
                continue
            if self.state != IDLE:
                self.state = IDLE
                self.events.append((END, []))
            rest = bytes(buf)
            buf.clear()
            closed = not _keeps_alive(self.events)
            self._p = self._new_parser()
            if self._method == 'CONNECT' or status == 101:
                self.events.append((UPGRADE, rest))
                self.dead = True
            elif rest:
                lead = rest.lstrip(b'\r\n')
                if closed and lead:
                    self._closed_error(data, len(data) - len(lead))
                    return
                self._method = 'GET'
                self._feed_rest(rest, data)
            return

    def _probe_fails(self, buf, seen):
        """Whether llhttp fails on the unfinished head in buf (its first
        `seen` bytes were looked at before): a probe parser, with no
        callbacks, is fed the head's bytes as they come.  Strict only (a
        lenient llhttp may end a head on LF LF: the probe would go past it)."""
        if self.insecure:
            return False
        probe = self._scan_probe
        if probe is None:
            probe = self._scan_probe = self._parser_class(_NO_CALLBACKS)
            seen = 0
        try:
            probe.feed_data(bytes(buf[seen:]))
        except httptools.HttpParserError:
            return True
        return False

    def _feed_rest(self, rest, data):
        """Parses what follows a head cut out by hand (rest, the end of the
        packet `data`)."""
        self._feed_at(rest, data, len(data) - len(rest))

    def _feed_at(self, part, data, pos):
        """Parses part, which is at pos in the packet `data`; an error's
        place is the packet's, as in Node."""
        self._feed(part)
        if self.dead and self.events and self.events[-1][0] is ERROR:
            err = self.events[-1][1]
            if getattr(err, 'bytesParsed', None) is not None:
                err.bytesParsed += pos
                err.rawPacket = bytes(data)

    def _scan_overflow(self, data):
        """The head in _scan reached maxHeaderSize in this packet (`data`)."""
        self.dead = True
        buf = self._scan
        part = bytes(buf[len(buf) - len(data):]) if len(buf) >= len(data) else bytes(buf)
        off = self._overflow_at(bytes(buf[:len(buf) - len(part)]), part)
        if off is not None:
            off += len(data) - len(part)   # (a head that began inside the packet)
        self.events.append((ERROR, errors.parse_error('Header overflow', data, off,
                                                      code='HPE_HEADER_OVERFLOW')))

    def reset(self):
        """Ready for the next response on a kept-alive socket.  llhttp goes
        on after a complete message by itself (a kept-alive one: it is
        reused only then), so the parser is kept unless it stopped (an
        error, an upgrade, a paused 101) or a message was left unfinished."""
        if self.dead or self.state != IDLE or self._renew:
            self._renew_parser()
            self._renew = False
        self.state = IDLE
        self.dead = False
        if self._scan:
            self._scan = bytearray()
        self._scan_skip = 0
        self._scan_count = None
        self._scan_probe = None
        self.events.clear()
