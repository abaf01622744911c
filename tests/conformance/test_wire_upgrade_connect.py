"""'upgrade' and 'connect': the socket handed over with the head bytes.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import handler_js, on_request

pytestmark = pytest.mark.timeout(30)

UPGRADE = (b'GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'
           b'early-bytes')
CONNECT = b'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\nhello-tunnel'

UPGRADE_JS = '''(server, log) => {
    server.on('request', (req, res) => { log('request'); res.end('plain'); });
    server.on('upgrade', (req, socket, head) => {
        log(['upgrade', req.method, req.url, req.headers.upgrade, head.toString('latin1')]);
        socket.write('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n');
        socket.on('data', (d) => { log('data ' + d.toString('latin1')); socket.end('echo:' + d.toString('latin1')); });
    });
}'''


def upgrade_py(server, log):
    def rq(req, res):
        log('request')
        res.end('plain')

    def up(req, socket, head):
        log(['upgrade', req.method, req.url, req.headers['upgrade'], head.decode('latin-1')])
        socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')

        def data(d):
            log('data ' + d.decode('latin-1'))
            socket.end('echo:' + d.decode('latin-1'))
        socket.on('data', data)
    server.on('request', rq)
    server.on('upgrade', up)


def test_upgrade_with_head_bytes(wire):
    r = wire.check(UPGRADE_JS, upgrade_py, [UPGRADE, b'after'], pause=0.1, until_close=True, timeout=2, logs=2)
    assert r.logs[0][-1] == 'early-bytes'
    assert r.raw.endswith(b'echo:after')


def test_upgrade_without_listener_is_normal_request(wire):
    js = handler_js('''log(['request', req.headers.upgrade]); res.end('plain');''')

    def py(req, res, log, s):
        log(['request', req.headers['upgrade']])
        res.end('plain')
    r = wire.check(js, on_request(py), UPGRADE[:-len(b'early-bytes')], timeout=2)
    assert r.status == [200]


def test_upgrade_without_listener_with_body(wire):
    js = handler_js('''let b = ''; req.on('data', (d) => b += d); req.on('end', () => { log(b); res.end('plain'); });''')

    def py(req, res, log, s):
        b = []
        req.on('data', lambda d: b.append(d.decode()))

        def end():
            log(''.join(b))
            res.end('plain')
        req.on('end', end)
    # Node 20 drops what follows the body in the same packet (/2); /3 comes later
    data = (b'POST / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo\r\nContent-Length: 3\r\n\r\nabc'
            b'GET /2 HTTP/1.1\r\nHost: x\r\n\r\n')
    r = wire.check(js, on_request(py), [data, b'GET /3 HTTP/1.1\r\nHost: x\r\n\r\n'], n=2, pause=0.1)
    assert r.logs == ['abc', '']


def test_upgrade_without_listener_body_split(wire):
    js = handler_js('''let b = ''; req.on('data', (d) => b += d); req.on('end', () => { log(b); res.end('plain'); });''')

    def py(req, res, log, s):
        b = []
        req.on('data', lambda d: b.append(d.decode()))

        def end():
            log(''.join(b))
            res.end('plain')
        req.on('end', end)
    head = b'POST / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo\r\nContent-Length: 5\r\n\r\nab'
    r = wire.check(js, on_request(py), [head, b'cde', b'GET /3 HTTP/1.1\r\nHost: x\r\n\r\n'], n=2, pause=0.1)
    assert r.logs == ['abcde', '']


def test_upgrade_without_listener_then_next_request(wire):
    js = handler_js('''log(req.url); res.end('plain');''')

    def py(req, res, log, s):
        log(req.url)
        res.end('plain')
    head = b'GET /1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n'
    r = wire.check(js, on_request(py), [head, b'GET /2 HTTP/1.1\r\nHost: x\r\n\r\n'], n=2, pause=0.1)
    assert r.logs == ['/1', '/2']


CONNECT_JS = '''(server, log) => server.on('connect', (req, socket, head) => {
    log(['connect', req.method, req.url, head.toString('latin1')]);
    socket.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    socket.on('data', (d) => socket.end('tunnel:' + d.toString('latin1')));
})'''


def connect_py(server, log):
    def cn(req, socket, head):
        log(['connect', req.method, req.url, head.decode('latin-1')])
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        socket.on('data', lambda d: socket.end('tunnel:' + d.decode('latin-1')))
    server.on('connect', cn)


def test_connect_with_head_bytes(wire):
    r = wire.check(CONNECT_JS, connect_py, [CONNECT, b'more'], pause=0.1, until_close=True, timeout=2, logs=1)
    assert r.logs[0] == ['connect', 'CONNECT', 'example.com:443', 'hello-tunnel']
    assert r.raw.endswith(b'tunnel:more')


def test_connect_without_listener_destroys_socket(wire):
    js = handler_js('''log('request'); res.end();''')

    def py(req, res, log, s):
        log('request')
        res.end()
    r = wire.check(js, on_request(py), CONNECT, until_close=True, timeout=2)
    assert r.closed and r.raw == b'' and r.logs == []


def test_upgrade_listener_sees_req_fields(wire):
    js = '''(server, log) => server.on('upgrade', (req, socket, head) => {
        log([req.httpVersion, req.rawHeaders, head.length, req.complete, req.upgrade]); socket.destroy(); })'''

    def py(server, log):
        def up(req, socket, head):
            log([req.httpVersion, req.rawHeaders, len(head), req.complete, req.upgrade])
            socket.destroy()
        server.on('upgrade', up)
    wire.check(js, py, UPGRADE[:-len(b'early-bytes')], until_close=True, timeout=2, logs=1)
