"""Keep-alive, pipelining, maxRequestsPerSocket, keepAliveTimeout.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import threading
import time

import pytest

from _wire import GET, handler_js, on_request

pytestmark = pytest.mark.timeout(30)

ECHO_URL_JS = handler_js('''log(req.url); res.end(req.url);''')


def echo_url(req, res, log, s):
    log(req.url)
    res.end(req.url)


def _get(path):
    return b'GET ' + path + b' HTTP/1.1\r\nHost: x\r\n\r\n'


def test_keep_alive_default_headers(wire):
    r = wire.check(ECHO_URL_JS, on_request(echo_url), GET)
    assert not r.closed
    assert r.responses[0].header('keep-alive') == 'timeout=5'


def test_pipelined_requests_answered_in_order(wire):
    r = wire.check(ECHO_URL_JS, on_request(echo_url), _get(b'/1') + _get(b'/2') + _get(b'/3'), n=3)
    assert [x.body for x in r.responses] == [b'/1', b'/2', b'/3']


def test_pipelined_slow_first_response_keeps_order(wire):
    js = handler_js('''if (req.url === '/1') setTimeout(() => res.end('one'), 100); else res.end('two');''')

    def py(req, res, log, s):
        if req.url == '/1':
            time.sleep(0.1)
            res.end('one')
        else:
            res.end('two')
    r = wire.check(js, on_request(py), _get(b'/1') + _get(b'/2'), n=2)
    assert [x.body for x in r.responses] == [b'one', b'two']


def test_pipelined_after_connection_close_is_ignored(wire):
    req = b'GET /1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' + _get(b'/2')
    r = wire.check(ECHO_URL_JS, on_request(echo_url), req, n=1)
    assert r.closed and r.logs == ['/1']


def test_sequential_requests_on_one_connection(wire):
    r = wire.check(ECHO_URL_JS, on_request(echo_url), [_get(b'/a'), _get(b'/b')], n=2)
    assert not r.closed


def test_max_requests_per_socket(wire):
    js = '''(server, log) => { server.maxRequestsPerSocket = 2;
        server.on('dropRequest', (req) => log('drop ' + req.url));
        server.on('request', (req, res) => { log(req.url); res.end(req.url); }); }'''

    def py(server, log):
        server.maxRequestsPerSocket = 2
        server.on('dropRequest', lambda req, sock: log('drop ' + req.url))
        server.on('request', lambda req, res: echo_url(req, res, log, server))
    r = wire.check(js, py, [_get(b'/1'), _get(b'/2'), _get(b'/3')], n=2, timeout=1.5)
    assert r.responses[1].header('connection') == 'close'


def test_max_requests_per_socket_pipelined_drop(wire):
    js = '''(server, log) => { server.maxRequestsPerSocket = 1;
        server.on('dropRequest', (req) => log('drop ' + req.url));
        server.on('request', (req, res) => { log(req.url); res.end(req.url); }); }'''

    def py(server, log):
        server.maxRequestsPerSocket = 1
        server.on('dropRequest', lambda req, sock: log('drop ' + req.url))
        server.on('request', lambda req, res: echo_url(req, res, log, server))
    wire.check(js, py, _get(b'/1') + _get(b'/2'), n=2, timeout=1.5)


def test_keep_alive_timeout_closes_idle_socket(wire):
    js = '''(server, log) => { server.keepAliveTimeout = 200;
        server.on('request', (req, res) => res.end('x')); }'''

    def py(server, log):
        server.keepAliveTimeout = 200
        server.on('request', lambda req, res: res.end('x'))
    # Node 20 closes keepAliveTimeout + 1 s (its internal buffer) after the response
    t0 = time.monotonic()
    r = wire.check(js, py, GET, until_close=True, timeout=3)
    assert r.closed
    assert 1.1 < time.monotonic() - t0 < 2.5
    assert r.responses[0].header('keep-alive') == 'timeout=0'


@pytest.mark.parametrize('later', [0, 3000])
def test_keep_alive_timeout_changed_while_idle_keeps_the_armed_one(wire, later):
    # Node arms the socket's timer when the response is done: a later change
    # of server.keepAliveTimeout (off, or longer) leaves this idle spell alone
    js = '''(server, log) => { server.keepAliveTimeout = 300;
        server.on('request', (req, res) => { res.end('x');
            setTimeout(() => { server.keepAliveTimeout = %d; }, 100); }); }''' % later

    def py(server, log):
        server.keepAliveTimeout = 300

        def on_request(req, res):
            res.end('x')
            threading.Timer(0.1, setattr, (server, 'keepAliveTimeout', later)).start()
        server.on('request', on_request)
    t0 = time.monotonic()
    r = wire.check(js, py, GET, until_close=True, timeout=2.5)
    assert r.closed
    assert 1.2 < time.monotonic() - t0 < 2.5


def test_keep_alive_timeout_header_value(wire):
    js = '''(server, log) => { server.keepAliveTimeout = 7300; server.on('request', (req, res) => res.end('x')); }'''

    def py(server, log):
        server.keepAliveTimeout = 7300
        server.on('request', lambda req, res: res.end('x'))
    wire.check(js, py, GET)


def test_keep_alive_timeout_zero_no_header(wire):
    js = '''(server, log) => { server.keepAliveTimeout = 0; server.on('request', (req, res) => res.end('x')); }'''

    def py(server, log):
        server.keepAliveTimeout = 0
        server.on('request', lambda req, res: res.end('x'))
    wire.check(js, py, GET)


def test_user_keep_alive_header_suppresses_automatic(wire):
    js = handler_js('''res.setHeader('Keep-Alive', 'timeout=99'); res.end('x');''')

    def py(req, res, log, s):
        res.setHeader('Keep-Alive', 'timeout=99')
        res.end('x')
    wire.check(js, on_request(py), GET)


def test_client_half_close_after_request(wire):
    r = wire.check(ECHO_URL_JS, on_request(echo_url), GET, shut_wr=True, timeout=2)
    assert r.closed


def test_fin_behind_pipelined_request_closes_the_pending_response(wire):
    # The first response never ends; a second request waits behind it when
    # the client half-closes.  Node's socketOnEnd ends the server's side at
    # once (it has emitted both requests; nodehttp emits the second only
    # when the first is answered): the socket closes, the first response
    # gets its 'close', and nothing is sent.  (Only 'close' is logged: Node
    # also emits the second 'request', see docs/differences.md.)
    js = handler_js('''res.on('close', () => log('close ' + req.url));''')

    def py(req, res, log, s):
        res.on('close', lambda: log('close ' + req.url))
    r = wire.check(js, on_request(py), [_get(b'/slow'), _get(b'/next')], shut_wr=True,
                   timeout=2, until_close=True, logs=1, pause=0.2)
    assert r.closed and r.raw == b''
