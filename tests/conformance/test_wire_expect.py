"""Expect: 100-continue, 'checkContinue' and 'checkExpectation'.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import on_request

pytestmark = pytest.mark.timeout(30)

POST_CONTINUE = [b'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n', b'abc']
ECHO_JS = '''(server, log) => server.on('request', (req, res) => {
    let b = ''; req.setEncoding('latin1'); req.on('data', (d) => b += d);
    req.on('end', () => { log(b); res.end(b); }); })'''


def echo(req, res, log, s):
    b = []
    req.setEncoding('latin1')
    req.on('data', b.append)

    def end():
        log(''.join(b))
        res.end(''.join(b))
    req.on('end', end)


def test_default_sends_100_then_request(wire):
    r = wire.check(ECHO_JS, on_request(echo), POST_CONTINUE, pause=0.1)
    assert r.status == [100, 200]
    assert r.logs == ['abc']


def test_check_continue_listener_decides(wire):
    js = '''(server, log) => {
        server.on('checkContinue', (req, res) => { log('checkContinue');
            if (req.url === '/no') { res.writeHead(403); res.end('no'); return; }
            res.writeContinue(); server.emit('request', req, res); });
        server.on('request', (req, res) => { log('request'); req.resume(); req.on('end', () => res.end('yes')); });
    }'''

    def py(server, log):
        def cc(req, res):
            log('checkContinue')
            if req.url == '/no':
                res.writeHead(403)
                res.end('no')
                return
            res.writeContinue()
            server.emit('request', req, res)

        def rq(req, res):
            log('request')
            req.resume()
            req.on('end', lambda: res.end('yes'))
        server.on('checkContinue', cc)
        server.on('request', rq)
    wire.check(js, py, POST_CONTINUE, pause=0.1)
    no = [POST_CONTINUE[0].replace(b'POST / ', b'POST /no ')]
    r = wire.check(js, py, no, timeout=2)
    assert r.status == [403]


def test_other_expectation_gets_417(wire):
    req = b'GET / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n'
    r = wire.check(ECHO_JS, on_request(echo), req)
    assert r.status == [417]


def test_check_expectation_listener(wire):
    js = '''(server, log) => server.on('checkExpectation', (req, res) => {
        log(req.headers.expect); res.writeHead(200); res.end('custom'); })'''

    def py(server, log):
        def ce(req, res):
            log(req.headers['expect'])
            res.writeHead(200)
            res.end('custom')
        server.on('checkExpectation', ce)
    wire.check(js, py, b'GET / HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n\r\n')


def test_expect_on_http10_ignored_as_expectation(wire):
    req = b'POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc'
    wire.check(ECHO_JS, on_request(echo), req)


def test_body_sent_without_waiting_for_100(wire):
    r = wire.check(ECHO_JS, on_request(echo), b''.join(POST_CONTINUE))
    assert r.status == [100, 200] and r.logs == ['abc']


def test_expect_continue_case_and_list(wire):
    data = [POST_CONTINUE[0].replace(b'100-continue', b'100-Continue'), POST_CONTINUE[1]]
    r = wire.check(ECHO_JS, on_request(echo), data, pause=0.1)
    assert r.status == [100, 200]
