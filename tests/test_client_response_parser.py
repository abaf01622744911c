"""_parser.ResponseParser, the client's parser glue: the same events for
every split of the byte stream, HEAD/CONNECT heads without bodies, 1xx,
EOF rules (llhttp_finish), trailers, limits (LIBRARY-NOTES §1-§6)."""

import itertools

import pytest

from nodehttp._parser import BODY, END, ERROR, HEAD, UPGRADE, ResponseParser

pytestmark = pytest.mark.timeout(60)


def parse(chunks, methods, eof=False, **kw):
    """Feeds chunks; `methods` are expected one per response, in order (the
    next is set after each END, as the client does per request)."""
    p = ResponseParser(**kw)
    methods = list(methods)
    p.expect(methods.pop(0))
    out = []

    def drain():
        while p.events:
            kind, val = p.events.popleft()
            if kind is HEAD:
                out.append((HEAD, val.statusCode, val.statusMessage, val.rawHeaders))
            elif kind is BODY:
                if out and out[-1][0] is BODY:
                    out[-1] = (BODY, out[-1][1] + val)
                else:
                    out.append((BODY, val))
            elif kind is END:
                out.append((END, list(val)))     # (no trailers: any empty sequence)
                if out[-2][0] is HEAD and 100 <= out[-2][1] < 200 and out[-2][1] != 101:
                    continue
                if len(out) >= 2 and out[-2][0] is BODY and len(out) >= 3 and \
                        out[-3][0] is HEAD and 100 <= out[-3][1] < 200:
                    continue
                if methods:
                    p.expect(methods.pop(0))
            elif kind is UPGRADE:
                out.append((UPGRADE, val))
            elif kind is ERROR:
                out.append((ERROR, val.code))

    for c in chunks:
        p.feed(c)
        drain()
    if eof:
        p.finish()
        drain()
    return out


def all_splits(data):
    """Every 2-way and 3-way split of data."""
    n = len(data)
    yield [data]
    for i in range(1, n):
        yield [data[:i], data[i:]]
    for i, j in itertools.combinations(range(1, n), 2):
        if (i + j) % 7 == 0:          # a sample of the 3-way splits keeps it fast
            yield [data[:i], data[i:j], data[j:]]


HEAD_THEN_GET = (b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'
                 b'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc')


def test_client_parser_head_response_has_no_body_on_every_split():
    want = parse([HEAD_THEN_GET], ['HEAD', 'GET'])
    assert want == [
        (HEAD, 200, 'OK', ['Content-Length', '10']), (END, []),
        (HEAD, 200, 'OK', ['Content-Length', '3']), (BODY, b'abc'), (END, [])]
    for chunks in all_splits(HEAD_THEN_GET):
        assert parse(chunks, ['HEAD', 'GET']) == want, chunks


def test_client_parser_head_response_byte_by_byte_with_empty_lines_and_1xx():
    data = (b'\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n\r\n'
            b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX: y\r\n\r\n'
            b'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc')
    want = parse([data], ['HEAD', 'GET'])
    assert [(e[0], e[1]) if e[0] is HEAD else e[0] for e in want] == [
        (HEAD, 100), END, (HEAD, 200), END, (HEAD, 200), BODY, END]
    assert parse([data[i:i + 1] for i in range(len(data))], ['HEAD', 'GET']) == want


def test_client_parser_head_response_over_the_limit_byte_by_byte():
    # Node's count reaches maxHeaderSize inside a value still open: the
    # error comes with that byte (the packet), not at the head's end
    p = ResponseParser(maxHeaderSize=100)
    p.expect('HEAD')
    head = b'\r\n' * 50 + b'HTTP/1.1 200 OK\r\nX: ' + b'v' * 200 + b'\r\n\r\n'
    fed = 0
    while not p.events:
        p.feed(head[fed:fed + 1])
        fed += 1
    (kind, err), = p.events
    assert (kind, err.code, err.bytesParsed, err.rawPacket) == (ERROR, 'HPE_HEADER_OVERFLOW', 1, b'v')
    # ('OK' and 'X' count 3: 97 v's reach 100; the empty lines count nothing)
    assert fed == 100 + len(b'HTTP/1.1 200 OK\r\nX: ') + 97


def test_client_parser_head_chunked_then_chunked_get():
    data = (b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
            b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n')
    want = parse([data], ['HEAD', 'GET'])
    assert [e[0] for e in want] == [HEAD, END, HEAD, BODY, END]
    for chunks in all_splits(data):
        assert parse(chunks, ['HEAD', 'GET']) == want


def test_client_parser_informational_then_final_on_every_split():
    data = (b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n'
            b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
    want = parse([data], ['GET'])
    assert [(e[0], e[1]) if e[0] is HEAD else e[0] for e in want] == [
        (HEAD, 100), END, (HEAD, 103), END, (HEAD, 200), BODY, END]
    for chunks in all_splits(data):
        assert parse(chunks, ['GET']) == want


def test_client_parser_informational_before_head_response():
    data = (b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'
            b'HTTP/1.1 204 No Content\r\n\r\n')
    out = parse([data], ['HEAD', 'GET'])
    assert [(e[0], e[1]) if e[0] is HEAD else e[0] for e in out] == [
        (HEAD, 100), END, (HEAD, 200), END, (HEAD, 204), END]


def test_client_parser_eof_delimited_body_ends_at_finish():
    out = parse([b'HTTP/1.1 200 OK\r\n\r\nabc', b'def'], ['GET'], eof=True)
    assert out[1:] == [(BODY, b'abcdef'), (END, [])]


def test_client_parser_truncated_body_is_invalid_eof_state():
    out = parse([b'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc'], ['GET'], eof=True)
    assert out[-1] == (ERROR, 'HPE_INVALID_EOF_STATE')


def test_client_parser_truncated_chunked_body_is_invalid_eof_state():
    out = parse([b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab'], ['GET'],
                eof=True)
    assert out[-1] == (ERROR, 'HPE_INVALID_EOF_STATE')


def test_client_parser_eof_when_idle_is_clean():
    out = parse([b'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx'], ['GET'], eof=True)
    assert out[-1] == (END, [])


def test_client_parser_eof_inside_head_is_error():
    assert parse([b'HTTP/1.1 200 OK\r\nX-A'], ['GET'], eof=True)[-1] == (
        ERROR, 'HPE_INVALID_EOF_STATE')


def test_client_parser_no_eof_body_for_204_304_head():
    for status in (b'204 No Content', b'304 Not Modified'):
        out = parse([b'HTTP/1.1 ' + status + b'\r\n\r\n'], ['GET'], eof=True)
        assert out[-1] == (END, [])


def test_client_parser_trailers():
    out = parse([b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
                 b'2\r\nab\r\n0\r\nX-One: 1\r\nx-two: 2  \r\n\r\n'], ['GET'])
    assert out[-1] == (END, ['X-One', '1', 'x-two', '2'])


def test_client_parser_connect_response_is_upgrade_with_rest():
    data = b'HTTP/1.1 200 Connection established\r\n\r\ntunnel bytes'
    for chunks in all_splits(data):
        out = parse(chunks, ['CONNECT'])
        assert out[0][:2] == (HEAD, 200) and out[1] == (END, [])
        up = [e[1] for e in out if e[0] is UPGRADE]
        # Node's head: the rest of the packet that ended the head (later
        # bytes are the socket's, read by whoever takes it)
        assert len(up) == 1 and data[data.index(b'tunnel'):].startswith(up[0])
    assert parse([data], ['CONNECT'])[-1] == (UPGRADE, b'tunnel bytes')


def test_client_parser_101_upgrade_gives_head_bytes():
    data = b'HTTP/1.1 101 Switching\r\nUpgrade: ws\r\nConnection: Upgrade\r\n\r\nproto'
    out = parse([data], ['GET'])
    assert out[0][:2] == (HEAD, 101)
    assert out[-1] == (UPGRADE, b'proto')


def test_client_parser_101_without_upgrade_header_is_a_response():
    out = parse([b'HTTP/1.1 101 Switching\r\n\r\n'], ['GET'])
    assert out[0][:2] == (HEAD, 101)
    assert ERROR not in [e[0] for e in out]


def test_client_parser_header_overflow():
    big = b'X: ' + b'a' * 20000 + b'\r\n'
    out = parse([b'HTTP/1.1 200 OK\r\n' + big + b'\r\n'], ['GET'])
    assert out[-1] == (ERROR, 'HPE_HEADER_OVERFLOW')
    out = parse([b'HTTP/1.1 200 OK\r\n' + big + b'Content-Length: 0\r\n\r\n'], ['GET'],
                maxHeaderSize=65536)
    assert out[-1] == (END, [])


def test_client_parser_head_only_scan_overflow():
    out = parse([b'HTTP/1.1 200 OK\r\n' + b'X: ' + b'a' * 200000], ['HEAD'])
    assert out[-1] == (ERROR, 'HPE_HEADER_OVERFLOW')


def test_client_parser_invalid_status():
    assert parse([b'HTTP/1.1 abc OK\r\n\r\n'], ['GET'])[-1] == (ERROR, 'HPE_INVALID_STATUS')


def test_client_parser_trailing_whitespace_stripped_and_latin1():
    out = parse([b'HTTP/1.1 200 OK\r\nX: v \t\r\nY: \xe9\r\nContent-Length: 0\r\n\r\n'], ['GET'])
    assert out[0][3] == ['X', 'v', 'Y', '\xe9', 'Content-Length', '0']


def test_client_parser_reset_between_responses():
    p = ResponseParser()
    p.expect('GET')
    p.feed(b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab')
    p.reset()
    p.expect('GET')
    p.events.clear()
    p.feed(b'HTTP/1.1 204 No Content\r\n\r\n')
    kinds = [k for k, v in p.events]
    assert kinds == [HEAD, END]


def _kept_alive_exchange(p, method, data):
    """One response on a kept-alive socket, as the client does it."""
    p.reset()
    p.expect(method)
    p.feed(data)
    out = [(k, v.statusCode if k is HEAD else list(v) if k is END else v) for k, v in p.events]
    p.events.clear()
    return out


def test_client_parser_reused_across_kept_alive_responses():
    # one parser for many responses: each comes out whole, whatever came before
    p = ResponseParser()
    assert _kept_alive_exchange(p, 'GET', b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nab') == \
        [(HEAD, 200), (BODY, b'ab'), (END, [])]
    assert _kept_alive_exchange(p, 'HEAD', b'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n') == \
        [(HEAD, 200), (END, [])]
    assert _kept_alive_exchange(p, 'GET', b'HTTP/1.1 204 No Content\r\n\r\n') == \
        [(HEAD, 204), (END, [])]
    assert _kept_alive_exchange(
        p, 'GET', b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nT: 1\r\n\r\n') == \
        [(HEAD, 200), (BODY, b'x'), (END, ['T', '1'])]
    assert _kept_alive_exchange(p, 'GET', b'HTTP/1.1 101 Switching\r\n\r\n')[0] == (HEAD, 101)
    # after a 101 without Upgrade (llhttp stays paused) the next response still parses
    assert _kept_alive_exchange(p, 'GET', b'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz') == \
        [(HEAD, 200), (BODY, b'z'), (END, [])]
    assert _kept_alive_exchange(p, 'GET', b'HTTP/1.1 304 Not Modified\r\nContent-Length: 3\r\n\r\n') == \
        [(HEAD, 304), (END, [])]
    assert _kept_alive_exchange(p, 'GET', b'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nq') == \
        [(HEAD, 200), (BODY, b'q'), (END, [])]


@pytest.mark.parametrize('data, method, code, offset', [
    # (bytesParsed as Node 20 gives them, measured with node)
    (b'HTTP/1.1 200 OK\nContent-Length: 2\n\nhi', 'GET', 'HPE_CR_EXPECTED', 16),
    (b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', 'HEAD', 'HPE_INVALID_CONSTANT', 38),
    (b'HTTP/1.1 204 No Content\r\n\r\nbody', 'GET', 'HPE_INVALID_CONSTANT', 27),
])
def test_client_parser_error_offset_is_nodes(data, method, code, offset):
    p = ResponseParser()
    p.expect(method)
    p.feed(data)
    errs = [v for k, v in p.events if k is ERROR]
    assert [(e.code, e.bytesParsed, e.rawPacket) for e in errs] == [(code, offset, data)]
