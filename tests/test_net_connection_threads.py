"""Connection threads are reused: a thread whose connection ended serves the
next connection the same server accepts (starting a thread costs more than a
short connection's whole exchange), and idle ones end with the server."""

import socket
import threading
import time

import pytest

import nodehttp as http
from nodehttp import net

pytestmark = pytest.mark.timeout(30)


def _conn_threads():
    return [t for t in threading.enumerate() if t.name == 'nodehttp-conn']


def _one_request(port):
    with socket.create_connection(('127.0.0.1', port), 5) as s:
        s.sendall(b'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
        data = b''
        while True:
            more = s.recv(65536)
            if not more:
                return data
            data += more


def _wait_for(cond, timeout=3.0):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def test_sequential_connections_share_one_thread():
    seen = set()

    def handler(req, res):
        seen.add(threading.get_ident())
        res.end('ok')
    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    port = srv.address()['port']
    try:
        for _ in range(20):
            assert _one_request(port).endswith(b'ok')
            # the thread is back among the idle ones before the next connection
            assert _wait_for(lambda: len(srv._idle) == 1)
        assert len(seen) == 1
    finally:
        srv.close()


def test_concurrent_connections_get_their_own_threads():
    barrier = threading.Barrier(4, timeout=5)
    seen = set()

    def handler(req, res):
        seen.add(threading.get_ident())
        barrier.wait()           # all four handlers run at the same time
        res.end('ok')
    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    port = srv.address()['port']
    try:
        results = []
        clients = [threading.Thread(target=lambda: results.append(_one_request(port)))
                   for _ in range(3)]
        for t in clients:
            t.start()
        assert _one_request(port).endswith(b'ok')
        for t in clients:
            t.join(5)
        assert len(results) == 3 and len(seen) == 4
    finally:
        srv.close()


def test_idle_connection_threads_end_when_the_server_closes():
    before = len(_conn_threads())
    srv = http.createServer(lambda req, res: res.end('ok'))
    srv.listen(0, '127.0.0.1')
    port = srv.address()['port']
    _one_request(port)
    assert _wait_for(lambda: len(srv._idle) == 1)
    closed = threading.Event()
    srv.close(closed.set)
    assert closed.wait(5)
    assert _wait_for(lambda: len(_conn_threads()) <= before)


def test_a_reused_thread_starts_clean_for_net_sockets():
    # each connection on a reused thread gets 'connection', its data, 'end'
    got = []

    def on_conn(sock):
        chunks = []
        sock.on('data', chunks.append)
        sock.on('end', lambda: (got.append(b''.join(chunks)), sock.end()))
    srv = net.createServer(on_conn)
    srv.listen(0, '127.0.0.1')
    port = srv.address()['port']
    try:
        for i in range(5):
            with socket.create_connection(('127.0.0.1', port), 5) as s:
                s.sendall(b'hello %d' % i)
                s.shutdown(socket.SHUT_WR)
                assert s.recv(10) == b''
            _wait_for(lambda: len(srv._idle) == 1)
        assert got == [b'hello %d' % i for i in range(5)]
    finally:
        srv.close()
