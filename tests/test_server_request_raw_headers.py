"""req.rawHeaders on the server.  The request parser keeps a head's fields as
the bytes llhttp gives (most handlers never read them); req.rawHeaders makes
Node's strings of them when first read: latin-1, values without trailing
whitespace.  The byte-for-byte comparisons with Node are in
tests/conformance/test_wire_incoming_headers.py."""

import threading

import pytest

import nodehttp as http
from _wire import exchange
from nodehttp._parser import HEAD, END, RequestParser, decode_raw

pytestmark = pytest.mark.timeout(30)

REQUEST = b'GET / HTTP/1.1\r\nHost: x\r\nX-Latin: caf\xe9 \t\r\nX-Empty:\r\n\r\n'
FIELDS = ['Host', 'x', 'X-Latin', 'caf\xe9', 'X-Empty', '']


def _serve_one(handler, request=REQUEST):
    """Status codes of the answers to one connection's request; the server
    is closed, its connection ended, on return."""
    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        return exchange(server.address()['port'], request).status
    finally:
        closed = threading.Event()
        server.close(lambda *err: closed.set())
        assert closed.wait(10)       # (its connection ended too)


def test_decode_raw_gives_latin1_strings_without_trailing_whitespace():
    assert decode_raw([b'A', b'1 \t ', b'B', b'\xff\xe9', b'C', b'']) == \
        ['A', '1', 'B', '\xff\xe9', 'C', '']


def test_request_parser_hands_over_the_fields_undecoded_and_trailers_decoded():
    p = RequestParser()
    p.feed(b'POST / HTTP/1.1\r\nHost: x\r\nX-V: a \r\nTransfer-Encoding: chunked\r\n\r\n'
           b'1\r\nz\r\n0\r\nX-T: caf\xe9 \r\n\r\n')
    kinds = [e[0] for e in p.events]
    assert kinds[0] is HEAD and kinds[-1] is END
    assert p.events[0][1][5] == [b'Host', b'x', b'X-V', b'a ', b'Transfer-Encoding', b'chunked']
    assert p.events[-1][1] == ['X-T', 'caf\xe9']


def test_raw_headers_read_in_the_handler():
    got = []

    def handler(req, res):
        got.append(req.rawHeaders)
        got.append(req.headers)
        res.end()
    assert _serve_one(handler) == [200]
    assert got == [FIELDS, {'host': 'x', 'x-latin': 'caf\xe9', 'x-empty': ''}]


def test_raw_headers_read_from_another_thread_after_the_response():
    kept = []

    def handler(req, res):
        kept.append(req)
        res.end()
    _serve_one(handler)
    req = kept[0]
    out = []
    t = threading.Thread(target=lambda: out.append(req.rawHeaders))
    t.start()
    t.join(10)
    assert out == [FIELDS]
    assert req.rawHeaders is out[0]          # decoded once, the same list after


def test_raw_headers_assigned_by_the_handler_are_kept():
    got = []

    def handler(req, res):
        req.rawHeaders = ['A', 'b']
        got.append(req.rawHeaders)
        res.end()
    _serve_one(handler)
    assert got == [['A', 'b']]
