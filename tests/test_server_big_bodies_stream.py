"""A large upload and a large download stream through the server in bounded memory.

The issue's proof asks for 1 GiB each way under 64 MiB of peak RSS; the bench
(`scripts/bench_server.py --big`) reports the full size.  Here 256 MiB each
way keeps the test fast while still far larger than the limit, so a server
that buffered a body whole would fail it."""

import hashlib
import os
import socket
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.timeout(120)

SIZE = 256 * 1024 * 1024
CHUNK = 256 * 1024
RSS_LIMIT_KIB = 64 * 1024

SERVER = textwrap.dedent('''
    import hashlib, sys
    import nodehttp as http

    BLOCK = bytes(range(256)) * 1024          # 256 KiB

    def handler(req, res):
        if req.url == '/upload':
            h = hashlib.sha256()
            n = 0
            for chunk in req:
                h.update(chunk)
                n += len(chunk)
            res.end('%d %s' % (n, h.hexdigest()))
        else:
            total = int(req.url.split('/')[-1])
            res.writeHead(200, {'Content-Length': total})
            sent = 0
            while sent < total:
                res.write(BLOCK)           # blocks past the high-water mark
                sent += len(BLOCK)
            res.end()

    server = http.createServer(handler)
    server.listen(0, '127.0.0.1', lambda: print(server.address()['port'], flush=True))
''')


def _peak_rss_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    raise AssertionError('no VmHWM')


@pytest.fixture
def server():
    proc = subprocess.Popen([sys.executable, '-c', SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        yield proc, port
    finally:
        proc.kill()
        proc.wait()


def _read_response(sock):
    """Reads one response whose body ends with the connection (Connection: close)."""
    data = bytearray()
    while True:
        part = sock.recv(65536)
        if not part:
            return bytes(data)
        data += part


def test_chunked_upload_is_hashed_while_streaming_in_bounded_memory(server):
    proc, port = server
    block = os.urandom(CHUNK)
    expected = hashlib.sha256()
    with socket.create_connection(('127.0.0.1', port)) as s:
        s.sendall(b'POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n'
                  b'Transfer-Encoding: chunked\r\n\r\n')
        frame = b'%x\r\n' % len(block) + block + b'\r\n'
        for _ in range(SIZE // CHUNK):
            s.sendall(frame)
            expected.update(block)
        s.sendall(b'0\r\n\r\n')
        response = _read_response(s)
    assert response.startswith(b'HTTP/1.1 200 OK\r\n')
    body = response.split(b'\r\n\r\n', 1)[1]
    assert body == b'%d %s' % (SIZE, expected.hexdigest().encode())
    assert _peak_rss_kib(proc.pid) < RSS_LIMIT_KIB


def test_large_download_streams_in_bounded_memory(server):
    proc, port = server
    with socket.create_connection(('127.0.0.1', port)) as s:
        s.sendall(b'GET /download/%d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' % SIZE)
        head = b''
        while b'\r\n\r\n' not in head:
            head += s.recv(65536)
        head, _, body_start = head.partition(b'\r\n\r\n')
        assert b'Content-Length: %d' % SIZE in head
        received = len(body_start)
        while True:
            part = s.recv(1 << 20)
            if not part:
                break
            received += len(part)
    assert received == SIZE
    assert _peak_rss_kib(proc.pid) < RSS_LIMIT_KIB
