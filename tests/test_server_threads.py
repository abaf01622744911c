"""What threads add to Node's model (DESIGN.md, Threading model): blocking
handlers, responses written from other threads, iteration of the body."""

import socket
import threading
import time

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


def _serve(handler, **opts):
    srv = http.createServer(opts or None, handler)
    srv.listen(0, '127.0.0.1')
    return srv, srv.address()['port']


def _stop(srv):
    srv.closeAllConnections()
    srv.close()


def _get(port, path='/', body=None, pieces=None):
    s = socket.create_connection(('127.0.0.1', port), 10)
    if pieces is not None:
        for p in pieces:
            s.sendall(p)
            time.sleep(0.005)
    else:
        if body is None:
            s.sendall(b'GET ' + path.encode() + b' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
        else:
            s.sendall(b'POST ' + path.encode() + b' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n'
                      b'Content-Length: %d\r\n\r\n' % len(body) + body)
    data = b''
    while True:
        c = s.recv(65536)
        if not c:
            break
        data += c
    s.close()
    return data


def _dechunk(body):
    got = bytearray()
    while True:
        size, _, body = body.partition(b'\r\n')
        n = int(size, 16)
        if not n:
            return bytes(got)
        got += body[:n]
        body = body[n + 2:]


def test_blocking_handler_does_not_stall_other_connections():
    def handler(req, res):
        if req.url == '/slow':
            time.sleep(0.5)
        res.end(req.url)
    srv, port = _serve(handler)
    try:
        out = {}
        t = threading.Thread(target=lambda: out.setdefault('slow', _get(port, '/slow')))
        t.start()
        time.sleep(0.05)
        t0 = time.monotonic()
        fast = _get(port, '/fast')
        assert time.monotonic() - t0 < 0.4
        assert fast.endswith(b'/fast')
        t.join(5)
        assert out['slow'].endswith(b'/slow')
    finally:
        _stop(srv)


def test_response_streamed_from_another_thread():
    part = bytes(range(256)) * 256          # 64 KiB

    def handler(req, res):
        def work():
            for _ in range(32):
                res.write(part)                 # blocks past the high-water mark
            res.end()
        threading.Thread(target=work, daemon=True).start()
    srv, port = _serve(handler)
    try:
        data = _get(port)
        head, _, body = data.partition(b'\r\n\r\n')
        assert b'Transfer-Encoding: chunked' in head
        assert _dechunk(body) == part * 32
    finally:
        _stop(srv)


def test_end_from_another_thread_emits_finish_then_close():
    # Off nodehttp's threads there is no tick to put 'close' on: it follows
    # 'finish' at once (never before it)
    seen = []
    done = threading.Event()

    def handler(req, res):
        res.on('finish', lambda: seen.append('finish'))
        res.on('close', lambda: (seen.append(('close', res.destroyed)), done.set()))
        threading.Thread(target=lambda: res.end('x'), daemon=True).start()
    srv, port = _serve(handler)
    try:
        assert _get(port).endswith(b'\r\n\r\nx')
        assert done.wait(5)
        assert seen == ['finish', ('close', True)]
    finally:
        _stop(srv)


def test_iterating_the_body_in_the_handler():
    def handler(req, res):
        sizes = [len(c) for c in req]
        res.end('%d %d' % (len(sizes) > 0, sum(sizes)))
    srv, port = _serve(handler)
    try:
        head = b'POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n'
        pieces = [head] + [b'400\r\n' + b'z' * 1024 + b'\r\n'] * 50 + [b'0\r\n\r\n']
        assert _get(port, pieces=pieces).endswith(b'1 51200')
        big = b'q' * (3 * 1024 * 1024)
        assert _get(port, body=big).endswith(b'1 %d' % len(big))
    finally:
        _stop(srv)


def test_iteration_sees_client_abort():
    seen = []
    ev = threading.Event()

    def handler(req, res):
        try:
            for _ in req:
                pass
            seen.append('ended')
        except Exception as e:  # noqa: BLE001
            seen.append(getattr(e, 'code', type(e).__name__))
        ev.set()
    srv, port = _serve(handler)
    try:
        s = socket.create_connection(('127.0.0.1', port))
        s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc')
        time.sleep(0.1)
        s.close()
        assert ev.wait(5)
        assert seen == ['ECONNRESET']
    finally:
        _stop(srv)


def test_end_from_another_thread_after_handler_returned_keeps_alive():
    def handler(req, res):
        threading.Timer(0.05, lambda: res.end(req.url)).start()
    srv, port = _serve(handler)
    try:
        s = socket.create_connection(('127.0.0.1', port), 5)
        s.sendall(b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n')
        data = b''
        while data.count(b'HTTP/1.1 200') < 2 or not data.endswith(b'/2'):
            data += s.recv(4096)
        assert data.index(b'/1') < data.index(b'/2')
        s.close()
    finally:
        _stop(srv)


def test_data_listener_echo_with_client_that_sends_all_first():
    # DESIGN.md: writes from the connection thread never deadlock
    def handler(req, res):
        req.on('data', res.write)
        req.on('end', lambda: res.end())
    srv, port = _serve(handler)
    try:
        body = b'e' * (8 * 1024 * 1024)
        s = socket.create_connection(('127.0.0.1', port), 20)
        s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\nConnection: close\r\n\r\n'
                  % len(body))
        recv = bytearray()

        def reader():
            while True:
                c = s.recv(1 << 20)
                if not c:
                    break
                recv.extend(c)
        t = threading.Thread(target=reader)
        t.start()
        s.sendall(body)
        t.join(20)
        assert recv.endswith(b'0\r\n\r\n')
        assert _dechunk(bytes(recv).partition(b'\r\n\r\n')[2]) == body
        s.close()
    finally:
        _stop(srv)


def test_server_high_water_mark_option():
    got = []
    ev = threading.Event()

    def handler(req, res):
        got.append(req.readableHighWaterMark)
        res.end()
        ev.set()
    srv, port = _serve(handler, highWaterMark=1024)
    try:
        _get(port)
        assert ev.wait(5) and got == [1024]
    finally:
        _stop(srv)


def test_body_read_from_a_worker_thread_with_nodes_listener_order():
    """A worker thread attaches 'data', is busy a while (no wait), then
    attaches 'end': as in Node, 'end' is not emitted before that thread's
    tick ends, so it is never missed."""
    results = []

    def handler(req, res):
        def worker():
            chunks = []
            req.on('data', chunks.append)
            end = time.perf_counter() + 0.05
            while time.perf_counter() < end:     # busy, no wait
                pass
            got = threading.Event()
            req.on('end', lambda: (results.append(b''.join(chunks)), got.set()))
            results.append('end' if got.wait(5) else 'no end')
            res.end('ok')
        threading.Thread(target=worker).start()
    srv, port = _serve(handler)
    try:
        for _ in range(3):
            with socket.create_connection(('127.0.0.1', port), 10) as s:
                s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello')
                s.settimeout(10)
                assert s.recv(1000).startswith(b'HTTP/1.1 200')
        assert results == [b'hello', 'end'] * 3
    finally:
        _stop(srv)


@pytest.mark.parametrize('request_bytes,body', [
    (b'GET / HTTP/1.1\r\nHost: x\r\n\r\n', b''),
    (b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', b''),
    (b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc', b'abc'),
])
def test_body_read_from_a_worker_after_the_handler_returned(request_bytes, body):
    """The handler hands the request to a worker and returns; the worker
    attaches 'data' and 'end' once the whole request is in.  A request with
    no body ends too (its 'end' alone is due), as in Node."""
    results = []

    def handler(req, res):
        def worker():
            chunks = []
            req.on('data', chunks.append)
            req.on('end', lambda: (results.append(b''.join(chunks)), res.end('ok')))
        threading.Timer(0.05, worker).start()
    srv, port = _serve(handler)
    try:
        with socket.create_connection(('127.0.0.1', port), 10) as s:
            s.sendall(request_bytes)
            s.settimeout(5)
            assert s.recv(1000).startswith(b'HTTP/1.1 200')
        assert results == [body]
    finally:
        _stop(srv)


@pytest.mark.parametrize('request_bytes,body', [
    (b'GET / HTTP/1.1\r\nHost: x\r\n\r\n', b''),
    (b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc', b'abc'),
    (b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
     b'2\r\nab\r\n1\r\nc\r\n0\r\n\r\n', b'abc'),
])
def test_body_read_with_readable_from_a_worker_after_the_handler_returned(request_bytes, body):
    """The same with 'readable' and read(): the worker's 'readable'
    listener, then its 'end' listener.  The 'readable' that is due at once
    (the body is in) waits for the worker's tick to end, so the 'end' that
    its read() brings is heard."""
    results = []

    def handler(req, res):
        def worker():
            chunks = []

            def readable():
                while True:
                    chunk = req.read()
                    if chunk is None:
                        break
                    chunks.append(chunk)
            req.on('readable', readable)
            req.on('end', lambda: (results.append(b''.join(chunks)), res.end('ok')))
        threading.Timer(0.05, worker).start()
    srv, port = _serve(handler)
    try:
        with socket.create_connection(('127.0.0.1', port), 10) as s:
            s.sendall(request_bytes)
            s.settimeout(5)
            assert s.recv(1000).startswith(b'HTTP/1.1 200')
        assert results == [body]
    finally:
        _stop(srv)


def test_read_ahead_while_a_response_is_pending_is_bounded():
    """The server reads on while a response is in flight (a pipelined
    request waits parsed, as in Node), but only a few parsed events ahead:
    a client pipelining without pause is not buffered without limit."""
    release = threading.Event()

    def handler(req, res):
        if req.url == '/slow':
            threading.Thread(target=lambda: (release.wait(10), res.end('slow')),
                             daemon=True).start()
        else:
            res.end('ok')
    srv, port = _serve(handler)
    s = socket.create_connection(('127.0.0.1', port), 10)
    flood = b'GET /x HTTP/1.1\r\nHost: x\r\n\r\n' * 40000      # ~1.1 MB
    sender = threading.Thread(target=lambda: _ignore_errors(s.sendall, b'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n' + flood),
                              daemon=True)
    try:
        sender.start()
        time.sleep(0.5)
        (conn,) = list(srv._http_conns)
        assert conn.socket.bytesRead < 300 * 1024
    finally:
        release.set()
        s.close()
        _stop(srv)


def _ignore_errors(fn, *args):
    try:
        fn(*args)
    except OSError:
        pass


def test_writes_in_a_handler_leave_before_it_returns_past_the_high_water_mark():
    """A write corks the response until the handler's tick ends (Node's
    write_), but only up to the high-water mark: a handler that writes a
    large body and then blocks has sent what it wrote (Node would hold it
    all; here the handler may block, so back-pressure must hold)."""
    got_enough = threading.Event()

    def handler(req, res):
        for _ in range(64):
            res.write(b'x' * 1024)
        got_enough.wait(5)              # blocks the tick: the client must have the bytes
        res.end()
    srv, port = _serve(handler)
    try:
        with socket.create_connection(('127.0.0.1', port), 10) as s:
            s.sendall(b'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
            s.settimeout(3)
            data = b''
            while data.count(b'x') < 32 * 1024:
                data += s.recv(65536)
            got_enough.set()
    finally:
        got_enough.set()
        _stop(srv)
