"""ServerResponse body back-pressure, nodehttp-only checks (DESIGN.md's
threading model).  The byte-for-byte comparisons with Node are in
tests/conformance/test_wire_response_body.py."""

import pytest

from _wire import GET

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


def test_write_returns_false_while_queued_and_drain_follows():
    """While the request body is unread, a write the kernel cannot take is
    queued: write() returns False and 'drain' follows (DESIGN.md: blocking
    here could deadlock with a client that sends its whole body first)."""
    import socket
    import threading
    got = []
    drained = threading.Event()
    written = threading.Event()

    def handler(req, res):
        got.append(res.write(b'a' * (32 * 1024 * 1024)))
        got.append(res.writableNeedDrain)
        res.once('drain', lambda: (drained.set(), res.end()))
        written.set()
    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', srv.address()['port']), 10)
        s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello')
        assert written.wait(5)          # nothing read yet: the kernel cannot hold 32 MiB
        assert got == [False, True]
        n = 0
        while not drained.is_set() or n < 32 * 1024 * 1024:
            c = s.recv(1 << 20)
            if not c:
                break
            n += len(c)
        assert drained.wait(5)
        s.close()
    finally:
        srv.closeAllConnections()
        srv.close()


def test_write_in_a_bodiless_handler_blocks_instead_of_queueing():
    """Once the request body is read to its end (a GET has none), a write
    past the high-water mark waits for the socket: DESIGN.md's natural
    back-pressure, so a handler streaming 16 MiB never holds it in memory."""
    import socket
    import threading
    peak = []
    done = threading.Event()

    def handler(req, res):
        worst = 0
        for _ in range(256):
            res.write(b'x' * 65536)
            worst = max(worst, res.writableLength)
        res.end()
        peak.append(worst)
        done.set()
    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', srv.address()['port']), 10)
        s.sendall(GET)
        n = 0
        while not done.is_set() or n < 16 * 1024 * 1024:
            c = s.recv(1 << 20)
            if not c:
                break
            n += len(c)
        assert done.wait(5)
        assert peak[0] < 16384 + 65536     # at most one chunk past the mark
        s.close()
    finally:
        srv.closeAllConnections()
        srv.close()
