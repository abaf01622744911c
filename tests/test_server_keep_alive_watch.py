"""The keep-alive timer of a server connection, nodehttp-only checks.

Between requests a connection's thread waits in a recv with no timeout and
the server's keep-alive watch (one thread per server) closes connections
idle past keepAliveTimeout + 1 s, Node's buffer.  The close time itself is
compared with Node in tests/conformance/test_wire_keep_alive.py; these check
what the watch must get right on its own: the timer starts afresh with each
request, a long response is not cut when it ends, 'close' is emitted on the
connection's thread, and the watch's thread ends with the last connection.
"""

import socket
import threading
import time

import pytest

import nodehttp as http
from test_client_helpers import forbid_new_threads, peer_closed, wait_until

pytestmark = pytest.mark.timeout(30)

GET = b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'


def _response(s):
    """Reads one response whose body is 'ok' (Content-Length: 2)."""
    data = b''
    while not data.endswith(b'\r\n\r\nok'):
        chunk = s.recv(4096)
        if not chunk:
            raise AssertionError('closed before a whole response: %r' % data)
        data += chunk
    return data


@pytest.fixture
def serve():
    servers = []

    def start(handler, keepAliveTimeout):
        srv = http.createServer({'keepAliveTimeout': keepAliveTimeout}, handler)
        srv.listen(0, '127.0.0.1')
        servers.append(srv)
        s = socket.create_connection(('127.0.0.1', srv.address()['port']))
        s.settimeout(5)
        return srv, s
    yield start
    for srv in servers:
        ended = threading.Event()
        srv.close(lambda *a: ended.set())
        srv.closeAllConnections()
        assert ended.wait(5)          # (every connection's thread is done)


def test_keep_alive_timer_starts_again_with_each_request(serve):
    # 200 ms + 1 s: an idle spell of 1.2 s closes the connection; requests
    # 0.7 s apart keep it open well past that, then the last idle spell ends it
    srv, s = serve(lambda req, res: res.end('ok'), 200)
    for _ in range(4):
        s.sendall(GET)
        _response(s)
        time.sleep(0.7)
    t0 = time.monotonic()
    s.sendall(GET)
    _response(s)
    assert peer_closed(s, 5)
    assert 0.9 < time.monotonic() - t0 < 3


def test_response_longer_than_keep_alive_timeout_is_not_cut_when_it_ends(serve):
    # the slow handler takes 1.5 s, longer than the 1.1 s the idle timer
    # allows, and the watch looks at the connection while it is busy: the
    # timer starts when the response ends, so a request 0.3 s later is served
    def handler(req, res):
        if req.url == '/slow':
            time.sleep(1.5)
        res.end('ok')
    srv, s = serve(handler, 100)
    s.sendall(GET)
    _response(s)                      # (now the watch has the connection)
    s.sendall(b'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
    _response(s)
    time.sleep(0.3)
    s.sendall(GET)
    assert b' 200 OK' in _response(s)


def test_keep_alive_close_is_emitted_on_the_connection_thread():
    seen = []
    closed = threading.Event()

    def on_connection(sock):
        seen.append(threading.current_thread().name)
        sock.on('close', lambda had_error: (seen.append(threading.current_thread().name),
                                            closed.set()))
    srv = http.createServer({'keepAliveTimeout': 100}, lambda req, res: res.end('ok'))
    srv.on('connection', on_connection)   # (before any connection can come)
    srv.listen(0, '127.0.0.1')
    try:
        with socket.create_connection(('127.0.0.1', srv.address()['port'])) as s:
            s.settimeout(5)
            s.sendall(GET)
            _response(s)
            assert closed.wait(5)
    finally:
        ended = threading.Event()
        srv.close(lambda *a: ended.set())
        assert ended.wait(5)
    assert len(seen) == 2 and seen[1] == seen[0] and seen[1] != 'nodehttp-keepalive'


def _one_request_then_leave(port):
    with socket.create_connection(('127.0.0.1', port)) as s:
        s.settimeout(5)
        s.sendall(GET)
        _response(s)


def _watch_thread(srv):
    assert wait_until(lambda: srv._keep_alive_watch._thread is not None)
    return srv._keep_alive_watch._thread


def test_keep_alive_watch_thread_ends_soon_after_the_last_connection(serve):
    # when the last connection ends, the watch finds it so when its wait for
    # that connection's deadline ends (here 1.5 s), waits 2 s more for
    # another connection, then ends
    srv, s = serve(lambda req, res: res.end('ok'), 500)
    s.sendall(GET)
    _response(s)
    thread = _watch_thread(srv)
    assert thread.is_alive() and thread.daemon
    s.close()
    thread.join(6)
    assert not thread.is_alive()


def test_keep_alive_watch_thread_serves_the_next_connection(serve):
    # a client that makes one request per connection (and keeps no
    # connection) finds the watch's thread still there: no thread per connection
    srv, s = serve(lambda req, res: res.end('ok'), 5000)
    s.close()
    port = srv.address()['port']
    _one_request_then_leave(port)
    first = _watch_thread(srv)
    for _ in range(5):
        _one_request_then_leave(port)
    assert srv._keep_alive_watch._thread is first and first.is_alive()


def test_keep_alive_watch_thread_ends_at_once_when_the_server_closes():
    srv = http.createServer({'keepAliveTimeout': 5000}, lambda req, res: res.end('ok'))
    srv.listen(0, '127.0.0.1')
    _one_request_then_leave(srv.address()['port'])
    thread = _watch_thread(srv)
    ended = threading.Event()
    srv.close(lambda *a: ended.set())
    assert ended.wait(5)
    thread.join(1)                    # (no 2 s wait for a connection that cannot come)
    assert not thread.is_alive()


def test_keep_alive_watch_of_a_closed_server_ends_with_its_last_connection():
    # a connection busy when close() is called is watched once idle (Node
    # keeps it alive); when it ends, the watch's thread ends with it
    srv = http.createServer({'keepAliveTimeout': 5000})

    def handler(req, res):
        srv.close(lambda *a: ended.set())
        res.end('ok')
    ended = threading.Event()
    srv.on('request', handler)
    srv.listen(0, '127.0.0.1')
    with socket.create_connection(('127.0.0.1', srv.address()['port'])) as s:
        s.settimeout(5)
        s.sendall(GET)
        _response(s)
        thread = _watch_thread(srv)   # (watching it: the server closed before it went idle)
    assert ended.wait(5)
    thread.join(1)
    assert not thread.is_alive()


def test_keep_alive_watch_lingers_again_once_the_server_listens_again():
    srv = http.createServer({'keepAliveTimeout': 5000}, lambda req, res: res.end('ok'))
    srv.listen(0, '127.0.0.1')
    ended = threading.Event()
    srv.close(lambda *a: ended.set())
    assert ended.wait(5)
    srv.listen(0, '127.0.0.1')
    try:
        _one_request_then_leave(srv.address()['port'])
        thread = _watch_thread(srv)
        time.sleep(0.5)               # (its connection gone: it waits for the next)
        assert thread.is_alive()
    finally:
        ended.clear()
        srv.close(lambda *a: ended.set())
        assert ended.wait(5)


def test_keep_alive_watch_closes_many_idle_connections_in_deadline_order(serve):
    srv, first = serve(lambda req, res: res.end('ok'), 100)
    port = srv.address()['port']
    socks = [first] + [socket.create_connection(('127.0.0.1', port)) for _ in range(4)]
    try:
        for i, s in enumerate(socks):
            s.settimeout(5)
            s.sendall(GET)
            _response(s)
            if i < len(socks) - 1:
                time.sleep(0.15)
        t_last = time.monotonic()
        # the first was answered 0.6 s before the last: it goes first, the
        # last about 1.1 s after its own response
        assert peer_closed(socks[0], 5)
        assert time.monotonic() - t_last < 0.8
        for s in socks[1:]:
            assert peer_closed(s, 5)
        assert 0.8 < time.monotonic() - t_last < 3
    finally:
        for s in socks:
            s.close()


def test_keep_alive_timeout_holds_when_the_watch_cannot_start(serve, monkeypatch):
    # no new thread may start (as at interpreter shutdown): the connection
    # falls back to a timeout on its own read, and still closes on time
    from nodehttp import server as server_module
    forbid_new_threads(monkeypatch, server_module)
    srv, s = serve(lambda req, res: res.end('ok'), 200)
    s.sendall(GET)
    _response(s)
    t0 = time.monotonic()
    assert peer_closed(s, 5)
    assert 0.9 < time.monotonic() - t0 < 3
    assert srv._keep_alive_watch._thread is None


def test_keep_alive_watch_keeps_no_ended_connection(serve):
    # connections that make one request and leave (no Connection: close)
    # each go on the watch; their entries, seconds from due, must not keep
    # them, and the heap stays near the number of live connections
    srv, kept = serve(lambda req, res: res.end('ok'), 5000)
    kept.sendall(GET)
    _response(kept)                   # (one watched connection stays)
    port = srv.address()['port']
    for _ in range(200):
        with socket.create_connection(('127.0.0.1', port)) as s:
            s.settimeout(5)
            s.sendall(GET)
            _response(s)
    assert wait_until(lambda: len(srv._http_conns) == 1)
    watch = srv._keep_alive_watch
    with watch._cond:
        entries = list(watch._heap)
    live = [e for e in entries if e[2] is not None]
    assert len(live) == 1 and live[0][2] in srv._http_conns
    assert len(entries) <= 1 + 65     # (ended ones are dropped past 64)
