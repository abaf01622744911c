"""The request body on the server, nodehttp-only checks: iteration and
back-pressure with big bodies.  The byte-for-byte comparisons with Node are in
tests/conformance/test_wire_request_body.py."""

import socket
import threading
import time

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)

CHUNKED = (b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
           b'2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n')


def test_iteration_reads_whole_body():
    got = []

    def handler(req, res):
        body = b''.join(chunk for chunk in req)
        got.append(body)
        res.end(body)
    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', server.address()['port']))
        s.sendall(CHUNKED)
        data = b''
        while not data.endswith(b'abcde'):
            data += s.recv(4096)
        s.close()
    finally:
        server.close()
    assert got == [b'abcde']


def test_unread_large_body_is_not_buffered_whole():
    seen = {}
    ready = threading.Event()
    release = threading.Event()

    def handler(req, res):
        seen['req'] = req

        def later():
            release.wait(10)
            res.end('done')
        threading.Thread(target=later, daemon=True).start()
        ready.set()
    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', server.address()['port']))
        total = 5 * 1024 * 1024
        s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' % total)
        sent = [0]

        def pump():
            chunk = b'z' * 65536
            try:
                while sent[0] < total:
                    s.sendall(chunk)
                    sent[0] += len(chunk)
            except OSError:
                pass
        t = threading.Thread(target=pump, daemon=True)
        t.start()
        assert ready.wait(5)
        time.sleep(0.3)          # let the client fill the pipes
        req = seen['req']
        assert req.readableLength <= 2 * req.readableHighWaterMark + 65536
        assert sent[0] < total     # the server is not swallowing it all
        release.set()
        t.join(10)
        s.settimeout(5)
        data = b''
        while not data.endswith(b'done'):
            c = s.recv(65536)
            if not c:
                break
            data += c
        assert data.startswith(b'HTTP/1.1 200 OK') and data.endswith(b'done')
        s.close()
    finally:
        server.closeAllConnections()
        server.close()


def test_echo_body_larger_than_socket_buffers():
    def handler(req, res):
        req.on('data', lambda d: res.write(d))
        req.on('end', lambda: res.end())
    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', server.address()['port']))
        body = bytes(range(256)) * 16384      # 4 MiB
        s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' % len(body))
        out = bytearray()
        done = threading.Event()

        def reader():
            s.settimeout(10)
            try:
                while not out.endswith(b'0\r\n\r\n'):
                    c = s.recv(262144)
                    if not c:
                        break
                    out.extend(c)
            finally:
                done.set()
        threading.Thread(target=reader, daemon=True).start()
        s.sendall(body)
        assert done.wait(20)
        head, _, rest = bytes(out).partition(b'\r\n\r\n')
        assert b'Transfer-Encoding: chunked' in head
        got = bytearray()
        while True:
            size, _, rest = rest.partition(b'\r\n')
            n = int(size, 16)
            if not n:
                break
            got += rest[:n]
            rest = rest[n + 2:]
        assert bytes(got) == body
        s.close()
    finally:
        server.closeAllConnections()
        server.close()
