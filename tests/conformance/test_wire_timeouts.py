"""Server timeouts: setTimeout/'timeout', headersTimeout, requestTimeout (408)
and the clientError code a timeout gives.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import time

import pytest

from _wire import GET, handler_js, on_request

pytestmark = pytest.mark.timeout(30)

FAST = {'headersTimeout': 300, 'requestTimeout': 600, 'connectionsCheckingInterval': 50}
OK_JS = handler_js('''log('request'); req.resume(); req.on('end', () => res.end('ok'));''')


def ok(req, res, log, s):
    log('request')
    req.resume()
    req.on('end', lambda: res.end('ok'))


def test_headers_timeout_sends_408(wire):
    t0 = time.monotonic()
    r = wire.check(OK_JS, on_request(ok), b'GET / HTTP/1.1\r\nHost: x\r\n', options=FAST,
                   until_close=True, timeout=3)
    assert r.status == [408] and r.closed
    assert time.monotonic() - t0 < 2


def test_request_timeout_on_slow_body_sends_408(wire):
    r = wire.check(OK_JS, on_request(ok), b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab',
                   options=FAST, until_close=True, timeout=3, logs=1)
    assert r.status == [408] and r.logs == ['request']


def test_headers_timeout_client_error_listener(wire):
    js = '''(server, log) => server.on('clientError', (err, socket) => { log(err.code); socket.destroy(); })'''

    def py(server, log):
        def ce(err, socket):
            log(err.code)
            socket.destroy()
        server.on('clientError', ce)
    r = wire.check(js, py, b'GET / HTTP/1.1\r\n', options=FAST, until_close=True, timeout=3, logs=1)
    assert r.logs == ['ERR_HTTP_REQUEST_TIMEOUT']


def test_server_set_timeout_emits_timeout_with_socket(wire):
    js = '''(server, log) => { server.setTimeout(200, (socket) => { log('timeout ' + typeof socket.write); socket.destroy(); });
        server.on('request', (req, res) => { log('request'); }); }'''

    def py(server, log):
        def to(socket):
            log('timeout ' + ('function' if callable(socket.write) else '?'))
            socket.destroy()
        server.setTimeout(200, to)
        server.on('request', lambda req, res: log('request'))
    r = wire.check(js, py, GET, until_close=True, timeout=3, logs=2)
    assert r.logs == ['request', 'timeout function'] and r.closed


def test_server_timeout_without_listener_destroys(wire):
    js = '''(server, log) => { server.timeout = 200; server.on('request', (req, res) => log('request')); }'''

    def py(server, log):
        server.timeout = 200
        server.on('request', lambda req, res: log('request'))
    r = wire.check(js, py, GET, until_close=True, timeout=3)
    assert r.closed and r.raw == b''


def test_res_set_timeout_listener(wire):
    js = handler_js('''res.setTimeout(150, () => { log('res timeout'); res.end('late'); });''')

    def py(req, res, log, s):
        def to(*a):
            log('res timeout')
            res.end('late')
        res.setTimeout(150, to)
    r = wire.check(js, on_request(py), GET, timeout=3, logs=1)
    assert r.responses[0].body == b'late'


def test_req_set_timeout_listener(wire):
    js = handler_js('''req.setTimeout(150, () => { log('req timeout'); res.end('late'); });''')

    def py(req, res, log, s):
        def to(*a):
            log('req timeout')
            res.end('late')
        req.setTimeout(150, to)
    wire.check(js, on_request(py), b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab',
               timeout=3, logs=1)


def test_idle_keep_alive_socket_not_timed_out_by_headers_timeout(wire):
    # after a response, the idle socket is governed by keepAliveTimeout only
    opts = dict(FAST)
    js = '''(server, log) => { server.keepAliveTimeout = 900; server.on('request', (req, res) => res.end('x')); }'''

    def py(server, log):
        server.keepAliveTimeout = 900
        server.on('request', lambda req, res: res.end('x'))
    r = wire.check(js, py, GET, options=opts, close_wait=0.6)
    assert not r.closed


def test_silent_connection_and_headers_timeout(wire):
    # a connection that never sends a byte
    r = wire.check(OK_JS, on_request(ok), b'', options=FAST, until_close=True, timeout=2)
    assert r.closed


def test_idle_after_response_then_partial_head_times_out(wire):
    js = '''(server, log) => server.on('request', (req, res) => res.end('x'))'''

    def py(server, log):
        server.on('request', lambda req, res: res.end('x'))
    r = wire.check(js, py, [GET, b'GET / HTTP/1.1\r\n'], options=FAST, pause=0.1, until_close=True, timeout=3)
    assert r.closed and r.raw.endswith(b'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')
