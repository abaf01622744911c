"""Server timeout options validated at createServer(), and when the
headersTimeout clock starts.  The timeouts on the wire, compared with Node,
are in tests/conformance/test_wire_timeouts.py."""

import socket
import threading
import time

import pytest

pytestmark = pytest.mark.timeout(30)


def test_headers_timeout_greater_than_request_timeout_raises():
    import nodehttp as http
    with pytest.raises(ValueError) as ei:
        http.createServer({'headersTimeout': 1000, 'requestTimeout': 500})
    assert ei.value.code == 'ERR_OUT_OF_RANGE'


def test_headers_timeout_counts_from_the_first_byte_of_the_head_not_from_idle():
    # Node: after a kept-alive response and 0.5 s idle, a partial head gets
    # its 408 headersTimeout (300 ms) after its first byte (measured: 350 ms,
    # checking every 50 ms), not at once for the idle time before it
    import nodehttp as http
    srv = http.createServer({'headersTimeout': 300, 'requestTimeout': 600},
                            lambda req, res: res.end('x'))
    srv.listen(0, '127.0.0.1')
    try:
        with socket.create_connection(('127.0.0.1', srv.address()['port'])) as s:
            s.settimeout(5)
            s.sendall(b'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
            data = b''
            while not data.endswith(b'\r\n\r\nx'):
                data += s.recv(4096)
            time.sleep(0.5)
            s.sendall(b'GET / HTTP/1.1\r\n')
            t0 = time.monotonic()
            s.settimeout(0.15)
            with pytest.raises(socket.timeout):
                s.recv(4096)            # (nothing yet: the head's 300 ms run from now)
            s.settimeout(3)
            data = s.recv(4096)
            assert data.startswith(b'HTTP/1.1 408 Request Timeout\r\n')
            assert 0.25 < time.monotonic() - t0 < 2
    finally:
        ended = threading.Event()
        srv.close(lambda *a: ended.set())
        srv.closeAllConnections()
        assert ended.wait(5)
