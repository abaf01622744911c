"""The server's request parser (nodehttp._parser.RequestParser) on its own.

The parser does not ask httptools for the HTTP version when llhttp's
keep-alive verdict already settles it (HTTP/1.1 with no (Proxy-)Connection
field); these tests hold that shortcut to the answer of get_http_version().
"""

import itertools

import httptools
import pytest

from nodehttp._parser import HEAD, RequestParser, SEEN_EXPECT, SEEN_HOST

pytestmark = pytest.mark.timeout(30)

VERSIONS = [b'0.9', b'1.0', b'1.1', b'2.0']
FIELDS = [b'', b'Connection: keep-alive\r\n', b'Connection: close\r\n',
          b'Proxy-Connection: keep-alive\r\n', b'Proxy-Connection: close\r\n',
          b'CONNECTION: Keep-Alive\r\n', b'connection: upgrade, keep-alive\r\n',
          b'X-Ten-Char: 1\r\n', b'User-Agent: x\r\n', b'PROXY-CONNECTION: keep-alive\r\n',
          b'Keep-Alive: 5\r\n']


def _head(data, insecure=False):
    p = RequestParser(insecure=insecure)
    p.feed(data)
    kind, head = p.events[0]
    assert kind is HEAD
    return head


class _Reference:
    """What llhttp itself says at the end of the head."""

    def on_headers_complete(self):
        self.version = self.parser.get_http_version()
        self.keep_alive = self.parser.should_keep_alive()


def _reference(data):
    ref = _Reference()
    ref.parser = httptools.HttpRequestParser(ref)
    ref.parser.feed_data(data)
    return ref


@pytest.mark.parametrize('insecure', [False, True])
@pytest.mark.parametrize('version,field', list(itertools.product(VERSIONS, FIELDS)))
def test_request_parser_version_and_keep_alive_match_llhttp(version, field, insecure):
    data = b'GET / HTTP/' + version + b'\r\nHost: x\r\n' + field + b'\r\n'
    head = _head(data, insecure)
    ref = _reference(data)
    assert head[2] == '%d.%d' % (head[3], head[4]) == ref.version
    assert head[6] is ref.keep_alive


def test_request_parser_seen_marks_only_host_and_expect():
    # (the Connection-like mark stays inside the parser)
    head = _head(b'POST / HTTP/1.1\r\nhost: x\r\nConnection: close\r\nExpect: 100-continue\r\n'
                 b'Content-Length: 0\r\n\r\n')
    assert head[8] == SEEN_HOST | SEEN_EXPECT
    assert _head(b'GET / HTTP/1.1\r\nConnection: close\r\n\r\n')[8] == 0


def test_request_parser_counts_an_unfinished_url_toward_the_header_limit():
    # the url's share is counted after each packet of a head still unfinished
    # (its chunks are appended by llhttp's callback, with no check of its own)
    p = RequestParser()
    p.feed(b'GET /' + b'u' * 9000)
    assert not p.events and not p.dead
    p.feed(b'u' * 7000)
    assert not p.events and not p.dead
    p.feed(b'u' * 400)
    kind, err = p.events[0]
    assert p.dead and err.code == 'HPE_HEADER_OVERFLOW'


def test_request_parser_url_list_is_emptied_for_each_head():
    p = RequestParser()
    p.feed(b'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n')
    urls = [e[1][1] for e in p.events if e[0] is HEAD]
    assert urls == ['/one', '/two']


@pytest.mark.parametrize('cut', [None, b'uuu', b'vvv', b'Bad'],
                         ids=['one packet', 'in the url', 'in the field', 'in the bad name'])
def test_request_parser_counts_the_field_httptools_holds_at_an_error(cut):
    # An error in the next field's name: llhttp had counted the field before
    # it for Node (431), httptools had not handed it over.  The raw head is
    # read back across packets, and a pipelined message before it is no
    # part of it.
    head = (b'GET /' + b'u' * 10000 + b' HTTP/1.1\r\nHost: x\r\nX: ' + b'v' * 7000
            + b'\r\nBad Field: 1\r\n\r\n')
    data = b'GET / HTTP/1.1\r\nHost: x\r\n\r\n' + head
    at = None if cut is None else data.index(cut) + 2
    p = RequestParser()
    for piece in ([data] if at is None else [data[:at], data[at:]]):
        p.feed(piece)
    errors = [val for kind, val in p.events if kind == 'error']
    assert [e.code for e in errors] == ['HPE_HEADER_OVERFLOW']


def test_request_parser_an_error_below_the_limit_stays_itself():
    p = RequestParser()
    p.feed(b'GET /' + b'u' * 10000 + b' HTTP/1.1\r\nHost: x\r\nX: ' + b'v' * 6000
           + b'\r\nBad Field: 1\r\n\r\n')
    assert [val.code for kind, val in p.events if kind == 'error'] == ['HPE_INVALID_HEADER_TOKEN']


def test_head_count_in_pieces_matches_the_count_of_the_whole():
    """_HeadCount, fed a head packet by packet, gives after each packet what
    Node's count of the head so far is (first line's span, names, values
    from past the colon's blanks, open spans as far as they go), for any
    split."""
    import random

    from nodehttp._parser import _HeadCount

    def whole(head, reason):
        lines = head.split(b'\n')
        total, first = 0, True
        for i, line in enumerate(lines):
            closed = i < len(lines) - 1
            text = line[:-1] if line.endswith(b'\r') else line
            if first:
                if not text and closed:
                    continue                  # (empty lines before the head)
                parts = text.split(b' ', 2)
                if reason:
                    total += len(parts[2]) if len(parts) == 3 else 0
                else:
                    total += len(parts[1]) if len(parts) >= 2 else 0
                first = False
                continue
            name, colon, value = text.partition(b':')
            total += len(name) + (len(value.lstrip(b' \t')) if colon else 0)
        return total

    heads = [
        b'GET /abc HTTP/1.1\r\nHost: x\r\nX:   hello  \r\nLong-Name: ' + b'v' * 50,
        b'\r\n\r\nPOST /u HTTP/1.1\r\nA:\r\nB: \t x\r\nCCC',
        b'HTTP/1.1 200 OK fine\r\nA: b\r\nX: yy',
        b'HTTP/1.1 200\r\nA: b\r\n',
        b'GET /' + b'u' * 30,
    ]
    rng = random.Random(7)
    for head in heads:
        reason = head.lstrip(b'\r\n').startswith(b'HTTP/')
        for _ in range(200):
            cuts = sorted(rng.sample(range(1, len(head)), rng.randint(0, 6)))
            pieces = [head[i:j] for i, j in zip([0] + cuts, cuts + [len(head)])]
            count = _HeadCount(reason)
            for k, piece in enumerate(pieces):
                assert count.add(piece) == whole(b''.join(pieces[:k + 1]), reason), pieces[:k + 1]


def test_url_sent_a_byte_at_a_time_is_not_summed_per_packet(monkeypatch):
    """A head followed packet by packet (_HeadCount) needs no sum of the url's
    pieces after each packet: that sum made a url sent a byte at a time
    quadratic (seconds of CPU for 16 KiB).  The overflow still comes at the
    byte where Node's count reaches the limit."""
    from nodehttp._parser import RequestParser
    calls = []
    real = RequestParser._url_size
    monkeypatch.setattr(RequestParser, '_url_size', lambda self: calls.append(1) or real(self))
    p = RequestParser()
    data = b'GET /' + b'u' * 20000
    fed = 0
    while not p.events:
        p.feed(data[fed:fed + 1])
        fed += 1
    assert p.events[0][1].code == 'HPE_HEADER_OVERFLOW'
    assert fed == len(b'GET /') + 16383      # ('/' and 16383 u's reach 16384)
    assert len(calls) < 10


def test_url_of_a_pipelined_head_is_summed_once_per_piece(monkeypatch):
    """A head that starts after another message in its packet is not
    followed by _HeadCount: its url's length is asked after each packet,
    and each piece is summed once (summing them all again after each made a
    url sent a byte at a time cost 4 s of CPU for 16 KiB)."""
    from nodehttp import _parser
    summed = []

    def counting_sum(items):
        items = list(items)
        summed.append(len(items))
        return sum(items)
    monkeypatch.setattr(_parser, 'sum', counting_sum, raising=False)
    p = _parser.RequestParser()
    p.feed(b'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /')
    fed = 0
    while len(p.events) < 3:
        p.feed(b'u')
        fed += 1
    assert [e[0] for e in p.events] == ['head', 'end', 'error']
    assert p.events[2][1].code == 'HPE_HEADER_OVERFLOW'
    assert fed == 16383                      # ('/' and 16383 u's reach 16384)
    assert sum(summed) < 2 * fed


def test_chunk_scan_finds_the_same_place_for_any_split():
    """_ChunkScan, fed a chunked body in any pieces, stops at the same byte
    as fed it whole: where the span that passes the limit ends, or the end
    of the piece that leaves a span open past it."""
    import random

    from nodehttp._parser import _ChunkScan

    bodies = [
        b'5\r\nhello\r\n3;' + b'e' * 16390 + b'\r\nabc\r\n0\r\n\r\n',
        b'1' + b';x=y' * 8193 + b'\r\nx\r\n0\r\n\r\n',
        b'2;a="' + b'v;=' * 5461 + b'"\r\nhi\r\n0\r\n\r\n',
        b'1;' + b'e' * 16384 + b'\r\nx\r\n1;' + b'e' * 16384 + b'\r\ny\r\n0\r\n\r\n',
    ]
    rng = random.Random(11)
    for body in bodies:
        whole = _ChunkScan(16384).add(body, 0)
        whole = whole and whole[1]
        for _ in range(30):
            cuts = sorted(rng.sample(range(1, len(body)), rng.randint(1, 8)))
            scan, base, got = _ChunkScan(16384), 0, None
            for i, j in zip([0] + cuts, cuts + [len(body)]):
                stop = scan.add(body[i:j], 0)
                if stop is not None:
                    got = base + stop[1]
                    break
                base = j
            if whole is None:
                assert got is None, cuts
            else:
                # the same span end, or earlier: the end of the piece where
                # the open span passed the limit
                assert got is not None and got <= whole, (cuts, got, whole)
                spans_open_at = [c for c in cuts if c < whole]
                assert got == whole or got in spans_open_at, (cuts, got, whole)


def test_framing_of_a_body_not_followed_is_capped():
    """A chunked body whose head shared its packet with another message is
    not followed by _ChunkScan; bytes of it that give no event (an endless
    trailer, say, which httptools would keep in memory) are capped as a
    head's are."""
    from nodehttp._parser import ERROR, RequestParser
    p = RequestParser()
    p.feed(b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
           b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX: ')
    p.events.clear()
    fed = 0
    while not p.events:
        p.feed(b't' * 4096)
        fed += 4096
    (kind, err), = p.events
    assert (kind, err.code) == (ERROR, 'HPE_HEADER_OVERFLOW')
    assert p.head_cap < fed <= p.head_cap + 4096


def test_framing_cap_starts_again_with_each_body():
    """The cap on a not-followed body's eventless bytes counts per message:
    what the last packets of one body left does not count toward the next."""
    from nodehttp._parser import RequestParser
    two_heads = (b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                 b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
                 b'5\r\nhello\r\n5;e')
    p = RequestParser()
    quiet = b'e' * 4096                            # (a chunk extension: no event)
    for _ in range(2):
        p.feed(two_heads)
        for _ in range(100000 // len(quiet)):      # most of the cap, in each body
            p.feed(quiet)
        p.feed(b'\r\nworld\r\n0\r\n\r\n')
        kinds = [kind for kind, _ in p.events]
        assert 'error' not in kinds and kinds[-1] == 'end', kinds
        p.events.clear()
