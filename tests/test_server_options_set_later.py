"""Server options that shape each request and response may be assigned at any
time, as in Node, and apply from the next request on: the server skips them
while all have their defaults (one check per request), so an assignment must
end that shortcut, and putting the defaults back must restore it."""

import socket
import threading

import nodehttp as http

HEAD = b'GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n'


def _close(srv):
    closed = threading.Event()
    srv.closeAllConnections()
    srv.close(lambda *err: closed.set())
    assert closed.wait(5)


def _exchange(srv, count):
    """Sends `count` requests on one kept-alive connection, one at a time,
    each after the whole response to the one before."""
    srv.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', srv.address()['port']))
        s.settimeout(5)
        for _ in range(count):
            s.sendall(HEAD)
            data = b''
            while b'\r\n\r\n' not in data or (
                    b'chunked' in data and not data.endswith(b'0\r\n\r\n')):
                chunk = s.recv(4096)
                assert chunk, 'the server closed the connection'
                data += chunk
        s.close()
    finally:
        _close(srv)


def test_max_headers_count_assigned_between_requests_applies_to_the_next():
    seen = []

    def handler(req, res):
        seen.append(sorted(req.headers))
        # after the 1st request: one field; after the 2nd: Node's default again
        srv.maxHeadersCount = 1 if len(seen) == 1 else None
        res.write('x')
        res.end()

    srv = http.createServer(handler)
    _exchange(srv, 3)
    assert seen == [['a', 'b', 'host'], ['host'], ['a', 'b', 'host']]


def test_reject_non_standard_body_writes_assigned_later_applies():
    results = []

    def handler(req, res):
        if not results:
            srv.rejectNonStandardBodyWrites = True
            res.write('x')
            res.end()
            results.append('written')
            return
        res.statusCode = 204
        try:
            res.write('x')
            results.append('written')
        except Exception as exc:     # Node: ERR_HTTP_BODY_NOT_ALLOWED
            results.append(exc.code)
        srv.rejectNonStandardBodyWrites = False
        res.end()

    srv = http.createServer(handler)
    _exchange(srv, 2)
    assert results == ['written', 'ERR_HTTP_BODY_NOT_ALLOWED']
