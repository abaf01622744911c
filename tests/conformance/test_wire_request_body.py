"""The request body on the server: reading modes, dumping unread bodies,
aborts (nodehttp-only back-pressure checks stay in tests/test_server_request_body.py).

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import threading

import pytest

from _wire import handler_js, on_request

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


@pytest.mark.parametrize('encoding', ['base64url', 'base64', 'utf8'])
def test_read_in_readable_with_an_encoding_gets_the_decoders_rest(wire, encoding):
    # 100 bytes are 133 and a third base64 characters: the last ones (and a
    # UTF-8 character cut at the end, as U+FFFD) come from the decoder at
    # the end, which read() hands over before 'end'
    js = handler_js('''req.setEncoding('%s'); let b = '';
        req.on('readable', () => { let c; while ((c = req.read()) !== null) b += c; });
        req.on('end', () => { log(b); res.end(); });''' % encoding)

    def py(req, res, log, s):
        req.setEncoding(encoding)
        b = []

        def readable():
            while True:
                c = req.read()
                if c is None:
                    break
                b.append(c)

        def end():
            log(''.join(b))
            res.end()
        req.on('readable', readable)
        req.on('end', end)
    body = b'b' * 99 + b'\xc3'
    wire.check(js, on_request(py), b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n' + body,
               logs=1)


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
