"""ServerResponse corner cases that need no Node (API errors).  The
byte-for-byte comparisons with Node are in
tests/conformance/test_wire_response_edge_cases.py."""

import socket

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


def test_set_header_non_string_name_raises():
    res = http.ServerResponse(http.IncomingMessage())
    with pytest.raises(TypeError) as ei:
        res.setHeader(5, 'x')
    assert ei.value.code == 'ERR_INVALID_HTTP_TOKEN'


def test_request_and_response_take_attributes_of_their_own():
    # Node's fields are slots (fast to read), yet an object still takes any
    # attribute, as a JS object does; vars() lists only those
    from http import client as stdclient

    seen = {}

    def handler(req, res):
        req.user = 'ann'
        res.locals = {'n': 1}
        seen['vars'] = (vars(req), vars(res))
        seen['read'] = (req.user, res.locals['n'], res.statusCode, req.method)
        res.end('ok')

    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        c = stdclient.HTTPConnection('127.0.0.1', server.address()['port'], timeout=5)
        c.request('GET', '/')
        assert c.getresponse().read() == b'ok'
        c.close()
        assert seen['read'] == ('ann', 1, 200, 'GET')
        assert seen['vars'] == ({'user': 'ann'}, {'locals': {'n': 1}})
    finally:
        server.close()


def test_content_length_left_by_a_head_that_threw_is_sent_as_node_writes_it():
    # The head that throws (a Trailer without chunked) has read its
    # Content-Length, 'x' (NaN); the next head, with no Content-Length of
    # its own, sends the one left behind: Node writes "NaN" (checked with
    # scripts/fuzz_api.py); it raised ValueError from nodehttp's own code
    codes = []

    def handler(req, res):
        try:
            res.writeHead(200, {'Trailer': 'X-T', 'Content-Length': 'x'})
        except Exception as e:  # noqa: BLE001 -- Node's Error class
            codes.append(e.code)
        res.write(b'')                  # (end() would render a length of its own: 0)
        res.end()
    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        with socket.create_connection(('127.0.0.1', server.address()['port']), 5) as s:
            s.sendall(b'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
            data = b''
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        assert codes == ['ERR_HTTP_TRAILER_INVALID']
        assert b'\r\nContent-Length: NaN\r\n' in data
    finally:
        server.close()
