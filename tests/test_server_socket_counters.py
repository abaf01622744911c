"""The server's socket counts what it reads, request after request on a
kept-alive connection, as Node's does (req.socket.bytesRead in the handler:
[27, 54, 81] in Node 20 for three 27-byte requests sent one at a time)."""

import socket
import threading

import nodehttp as http

REQUEST = b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'


def test_bytes_read_grows_with_each_kept_alive_request():
    seen = []

    def handler(req, res):
        seen.append(req.socket.bytesRead)
        res.end('x')

    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', srv.address()['port']))
        s.settimeout(5)
        for _ in range(3):
            s.sendall(REQUEST)
            data = b''
            while not data.endswith(b'\r\n\r\nx'):
                chunk = s.recv(4096)
                assert chunk, 'the server closed the connection'
                data += chunk
        s.close()
    finally:
        closed = threading.Event()
        srv.closeAllConnections()
        srv.close(lambda *err: closed.set())
        assert closed.wait(5)
    assert seen == [27, 54, 81]
