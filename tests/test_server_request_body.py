"""The request body on the server: reading modes, dumping, aborts, back-pressure."""

import socket
import threading
import time

import pytest

from _wire import handler_js, on_request

import nodehttp as http

pytestmark = pytest.mark.timeout(30)

POST3 = b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc'
CHUNKED = (b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
           b'2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n')


def test_data_and_end_events(wire):
    js = handler_js('''const parts = []; req.on('data', (d) => parts.push(d.toString('latin1')));
        req.on('end', () => { log(parts.join('')); res.end('got ' + parts.join('')); });''')

    def py(req, res, log, s):
        parts = []
        req.on('data', lambda d: parts.append(d.decode('latin-1')))

        def end():
            log(''.join(parts))
            res.end('got ' + ''.join(parts))
        req.on('end', end)
    r = wire.check(js, on_request(py), [POST3[:-2], POST3[-2:]])
    assert r.logs == ['abc']
    r = wire.check(js, on_request(py), CHUNKED)
    assert r.logs == ['abcde']


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


def test_set_encoding_gives_str(wire):
    js = handler_js('''req.setEncoding('utf8'); let b = ''; req.on('data', (d) => { log(typeof d); b += d; });
        req.on('end', () => { log(b); res.end(); });''')

    def py(req, res, log, s):
        req.setEncoding('utf8')
        b = []

        def data(d):
            log('string' if isinstance(d, str) else 'other')
            b.append(d)

        def end():
            log(''.join(b))
            res.end()
        req.on('data', data)
        req.on('end', end)
    body = 'h\u00e9llo'.encode()
    wire.check(js, on_request(py), b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' % len(body) + body,
               logs=2)


def test_pause_then_resume(wire):
    js = handler_js('''let b = ''; req.pause(); log(req.isPaused());
        req.on('data', (d) => b += d); log(req.isPaused());
        setTimeout(() => { req.resume(); }, 50);
        req.on('end', () => { log(b); res.end(); });''')

    def py(req, res, log, s):
        b = []
        req.pause()
        log(req.isPaused())
        req.on('data', lambda d: b.append(d.decode()))
        log(req.isPaused())
        threading.Timer(0.05, req.resume).start()

        def end():
            log(''.join(b))
            res.end()
        req.on('end', end)
    wire.check(js, on_request(py), POST3, logs=3)


def test_read_in_readable(wire):
    js = handler_js('''let b = ''; req.on('readable', () => { let c; while ((c = req.read()) !== null) b += c; });
        req.on('end', () => { log(b); res.end(); });''')

    def py(req, res, log, s):
        b = []

        def readable():
            while True:
                c = req.read()
                if c is None:
                    break
                b.append(c.decode())

        def end():
            log(''.join(b))
            res.end()
        req.on('readable', readable)
        req.on('end', end)
    wire.check(js, on_request(py), CHUNKED, logs=1)


def test_unread_body_dumped_and_keep_alive_goes_on(wire):
    js = handler_js('''log(req.url); res.end('r' + req.url);''')

    def py(req, res, log, s):
        log(req.url)
        res.end('r' + req.url)
    body = b'x' * 100000
    req1 = b'POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' % len(body) + body
    req2 = b'GET /2 HTTP/1.1\r\nHost: x\r\n\r\n'
    r = wire.check(js, on_request(py), req1 + req2, n=2)
    assert r.logs == ['/1', '/2'] and not r.closed


def test_unread_chunked_body_dumped_then_pipelined(wire):
    js = handler_js('''log(req.url); res.end('r');''')

    def py(req, res, log, s):
        log(req.url)
        res.end('r')
    wire.check(js, on_request(py), CHUNKED + b'GET /2 HTTP/1.1\r\nHost: x\r\n\r\n', n=2)


def test_client_leaves_mid_body_aborted_and_close(wire):
    js = handler_js('''req.on('aborted', () => log('aborted')); req.on('close', () => log(['close', req.complete]));
        req.on('error', (e) => log('error ' + e.code)); req.on('end', () => log('end'));
        res.on('close', () => log('res close')); req.resume();''')

    def py(req, res, log, s):
        req.on('aborted', lambda: log('aborted'))
        req.on('close', lambda: log(['close', req.complete]))
        req.on('error', lambda e: log('error ' + e.code))
        req.on('end', lambda: log('end'))
        res.on('close', lambda: log('res close'))
        req.resume()
    partial = b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc'
    r = wire.check(js, on_request(py), partial, n=0, logs=4)
    assert 'aborted' in r.logs


def test_client_leaves_mid_body_no_listeners_no_error(wire):
    js = handler_js('''req.on('close', () => log('close')); res.on('close', () => log('res close'));''')

    def py(req, res, log, s):
        req.on('close', lambda: log('close'))
        res.on('close', lambda: log('res close'))
    partial = b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc'
    r = wire.check(js, on_request(py), partial, n=0, logs=2)
    assert sorted(r.logs) == ['close', 'res close']


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


def test_http10_chunked_request_body(wire):
    js = handler_js('''let b = ''; req.on('data', (d) => b += d); req.on('end', () => { log(b); res.end(b); });''')

    def py(req, res, log, s):
        b = []
        req.on('data', lambda d: b.append(d.decode()))

        def end():
            log(''.join(b))
            res.end(''.join(b))
        req.on('end', end)
    wire.check(js, on_request(py), b'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
               timeout=2)


def test_pipelined_post_bodies_each_to_their_request(wire):
    js = handler_js('''let b = ''; req.on('data', (d) => b += d); req.on('end', () => { log([req.url, b]); res.end(b); });''')

    def py(req, res, log, s):
        b = []
        req.on('data', lambda d: b.append(d.decode()))

        def end():
            log([req.url, ''.join(b)])
            res.end(''.join(b))
        req.on('end', end)
    data = (b'POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\naa'
            b'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nbb\r\n0\r\n\r\n'
            b'POST /3 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n')
    r = wire.check(js, on_request(py), data, n=3)
    assert r.logs == [['/1', 'aa'], ['/2', 'bb'], ['/3', '']]
