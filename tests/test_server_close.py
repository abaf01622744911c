"""Server lifecycle: 'listening', 'connection', address(), close(cb), closeAll/IdleConnections,
and a handler exception that only costs its own connection."""

import socket
import threading

import pytest

import nodehttp as http
from test_client_helpers import peer_closed

pytestmark = pytest.mark.timeout(30)

GET = b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'


def _read_response(s):
    s.settimeout(5)
    data = b''
    while b'\r\n\r\n' not in data:
        c = s.recv(4096)
        if not c:
            return data
        data += c
    head, _, body = data.partition(b'\r\n\r\n')
    n = int([ln.split(b':')[1] for ln in head.split(b'\r\n') if ln.lower().startswith(b'content-length')][0])
    while len(body) < n:
        body += s.recv(4096)
    return head + b'\r\n\r\n' + body


@pytest.fixture
def server():
    srv = http.createServer(lambda req, res: res.end('ok'))
    yield srv
    if srv.listening:
        srv.closeAllConnections()
        srv.close()


def test_listening_event_and_address(server):
    got = threading.Event()
    server.on('listening', got.set)
    assert server.listen(0, '127.0.0.1') is server
    addr = server.address()
    assert addr['address'] == '127.0.0.1' and addr['family'] == 'IPv4' and addr['port'] > 0
    assert server.listening
    assert got.wait(5)


def test_listen_callback_runs_with_address_ready(server):
    got = []
    done = threading.Event()
    server.listen(0, '127.0.0.1', lambda: (got.append(server.address()['port']), done.set()))
    assert done.wait(5)
    assert got == [server.address()['port']]


def test_connection_event_gets_socket(server):
    got = []
    ev = threading.Event()
    server.on('connection', lambda sock: (got.append(sock.remoteAddress), ev.set()))
    server.listen(0, '127.0.0.1')
    s = socket.create_connection(('127.0.0.1', server.address()['port']))
    assert ev.wait(5) and got == ['127.0.0.1']
    s.close()


def test_close_callback_and_close_event(server):
    server.listen(0, '127.0.0.1')
    closed = threading.Event()
    cb = threading.Event()
    server.on('close', closed.set)
    server.close(cb.set)
    assert cb.wait(5) and closed.wait(5)
    assert not server.listening
    with pytest.raises(OSError):
        socket.create_connection(('127.0.0.1', server.address()['port'] if server.address() else 1), 1)


def test_close_when_not_listening_passes_error_to_callback():
    srv = http.createServer()
    got = []
    ev = threading.Event()
    srv.close(lambda err=None: (got.append(err), ev.set()))
    assert ev.wait(5)
    assert got[0] is not None and got[0].code == 'ERR_SERVER_NOT_RUNNING'


def test_close_closes_idle_keep_alive_connections(server):
    server.listen(0, '127.0.0.1')
    s = socket.create_connection(('127.0.0.1', server.address()['port']))
    s.sendall(GET)
    assert b'200 OK' in _read_response(s)
    closed = threading.Event()
    server.close(closed.set)
    assert peer_closed(s), 'idle keep-alive connection not closed by close() (Node 19+)'
    assert closed.wait(5)
    s.close()


def test_close_waits_for_active_request():
    release = threading.Event()
    started = threading.Event()

    def handler(req, res):
        started.set()
        threading.Thread(target=lambda: (release.wait(10), res.end('late')), daemon=True).start()
    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    s = socket.create_connection(('127.0.0.1', srv.address()['port']))
    s.sendall(GET)
    assert started.wait(5)
    closed = threading.Event()
    srv.close(closed.set)
    assert not closed.wait(0.2)
    release.set()
    resp = _read_response(s)
    assert resp.endswith(b'late')
    assert not closed.wait(0.1)       # the connection is still open (keep-alive)
    s.close()
    assert closed.wait(5)


def test_close_all_connections(server):
    hold = threading.Event()
    srv = http.createServer(lambda req, res: hold.set())
    srv.listen(0, '127.0.0.1')
    s1 = socket.create_connection(('127.0.0.1', srv.address()['port']))
    s1.sendall(GET)
    s2 = socket.create_connection(('127.0.0.1', srv.address()['port']))
    assert hold.wait(5)
    closed = threading.Event()
    srv.close(closed.set)
    srv.closeAllConnections()
    assert peer_closed(s1) and peer_closed(s2)
    assert closed.wait(5)
    s1.close()
    s2.close()


def test_close_idle_connections_keeps_active():
    release = threading.Event()
    started = threading.Event()

    def handler(req, res):
        if req.url == '/slow':
            started.set()
            threading.Thread(target=lambda: (release.wait(10), res.end('slow')), daemon=True).start()
        else:
            res.end('ok')
    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    try:
        idle = socket.create_connection(('127.0.0.1', srv.address()['port']))
        idle.sendall(GET)
        _read_response(idle)
        busy = socket.create_connection(('127.0.0.1', srv.address()['port']))
        busy.sendall(b'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
        assert started.wait(5)
        srv.closeIdleConnections()
        assert peer_closed(idle)
        release.set()
        assert _read_response(busy).endswith(b'slow')
        idle.close()
        busy.close()
    finally:
        srv.closeAllConnections()
        srv.close()


def test_handler_exception_reported_and_server_goes_on(monkeypatch):
    reported = []
    ev = threading.Event()

    def hook(args):
        reported.append(args.exc_value)
        ev.set()
    monkeypatch.setattr(threading, 'excepthook', hook)

    def handler(req, res):
        if req.url == '/boom':
            raise RuntimeError('boom')
        res.end('fine')
    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    try:
        bad = socket.create_connection(('127.0.0.1', srv.address()['port']))
        good = socket.create_connection(('127.0.0.1', srv.address()['port']))
        good.sendall(GET)
        assert _read_response(good).endswith(b'fine')
        bad.sendall(b'GET /boom HTTP/1.1\r\nHost: x\r\n\r\n')
        assert ev.wait(5)
        assert isinstance(reported[0], RuntimeError)
        assert peer_closed(bad), 'the connection with the failing handler is destroyed'
        good.sendall(GET)
        assert _read_response(good).endswith(b'fine'), 'other connections go on'
        third = socket.create_connection(('127.0.0.1', srv.address()['port']))
        third.sendall(GET)
        assert _read_response(third).endswith(b'fine'), 'the server goes on'
        for s in (bad, good, third):
            s.close()
    finally:
        srv.closeAllConnections()
        srv.close()


def test_request_event_on_server_and_listener_argument():
    seen = []
    ev = threading.Event()
    srv = http.createServer({'keepAliveTimeout': 1000}, lambda req, res: (seen.append('listener'), res.end()))
    srv.on('request', lambda req, res: (seen.append('on'), ev.set()))
    srv.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', srv.address()['port']))
        s.sendall(GET)
        _read_response(s)
        assert ev.wait(5)
        assert seen == ['listener', 'on']
        s.close()
    finally:
        srv.closeAllConnections()
        srv.close()


def test_listen_twice_raises(server):
    server.listen(0, '127.0.0.1')
    with pytest.raises(Exception) as ei:
        server.listen(0, '127.0.0.1')
    assert ei.value.code == 'ERR_SERVER_ALREADY_LISTEN'


def test_close_from_main_thread_stops_listening_before_it_returns():
    """close() off nodehttp's threads closes the listening socket itself, as
    Node closes its handle: a connect made right after it returns is
    refused (not accepted into the backlog and reset), and the same port
    can be listened on again at once.  'close' still comes, afterwards."""
    for _ in range(30):
        srv = http.createServer()
        closed = threading.Event()
        srv.listen(0, '127.0.0.1')
        port = srv.address()['port']
        srv.close(closed.set)
        assert srv.address() is None
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(('127.0.0.1', port), 2)
        again = http.createServer()
        errors = []
        again.on('error', errors.append)
        again.listen(port, '127.0.0.1')
        assert errors == [] and again.address()['port'] == port
        again.close()
        assert closed.wait(5)


def test_close_before_listening_event_skips_it():
    """A server closed before its 'listening' was emitted never emits it
    (Node's emitListeningNT checks for its handle), and still emits 'close'."""
    srv = http.createServer()
    got = []
    closed = threading.Event()
    srv.on('listening', lambda: got.append('listening'))
    srv.on('close', closed.set)
    srv.listen(0, '127.0.0.1')
    srv.close()
    assert closed.wait(5)
    assert got == []


@pytest.mark.skipif(not hasattr(socket, 'AF_UNIX'), reason='Unix sockets only')
def test_close_removes_unix_socket_file_at_once(tmp_path):
    """Listening on a path: close() removes the socket file before it
    returns (libuv unlinks it as the handle closes), so the path can be
    listened on again at once."""
    path = str(tmp_path / 'srv.sock')
    for _ in range(3):
        srv = http.createServer(lambda req, res: res.end('ok'))
        closed = threading.Event()
        srv.listen(path)
        assert srv.address() == path
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
            c.sendall(b'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
            assert _read_response(c).endswith(b'ok')
        srv.close(closed.set)
        assert not (tmp_path / 'srv.sock').exists()
        assert closed.wait(5)


def test_close_then_listen_again_from_main_thread_still_emits_close():
    """The 'close' a close() owes (no connection left) comes even when the
    server listens again before it is emitted, as Node's does; the server
    keeps listening, and its next close() emits its own."""
    srv = http.createServer(lambda req, res: res.end('ok'))
    first, second = threading.Event(), threading.Event()
    srv.listen(0, '127.0.0.1')
    srv.close(first.set)
    srv.listen(0, '127.0.0.1')
    assert first.wait(5)
    assert srv.listening
    s = socket.create_connection(('127.0.0.1', srv.address()['port']), 5)
    s.sendall(b'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    assert _read_response(s).endswith(b'ok')
    s.close()
    srv.close(second.set)
    assert second.wait(5)
