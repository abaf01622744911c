"""ServerResponse body framing: Content-Length vs chunked, bodiless responses,
HTTP/1.0 (nodehttp-only back-pressure checks stay in
tests/test_server_response_body.py).

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import threading

import pytest

from _wire import GET, handler_js, on_request

pytestmark = pytest.mark.timeout(30)


def _both(js_body, py_fn):
    return handler_js(js_body), on_request(py_fn)


def test_end_with_data_as_first_write_sets_content_length(wire):
    js, py = _both('''res.end('hello');''', lambda req, res, log, s: res.end('hello'))
    r = wire.check(js, py, GET)
    assert r.responses[0].header('content-length') == '5'


def test_end_with_bytes_and_encoding(wire):
    js, py = _both('''res.end('68656c6c6f', 'hex');''', lambda req, res, log, s: res.end('68656c6c6f', 'hex'))
    r = wire.check(js, py, GET)
    assert r.responses[0].body == b'hello'


def test_end_with_utf8_counts_bytes(wire):
    js, py = _both('''res.end('caf\\u00e9');''', lambda req, res, log, s: res.end('caf\u00e9'))
    r = wire.check(js, py, GET)
    assert r.responses[0].header('content-length') == '5'


def test_writehead_then_end_is_chunked_and_empty(wire):
    # Node stores the head at writeHead(), before any length is known
    def py(req, res, log, s):
        res.writeHead(200)
        res.end()
    r = wire.check(handler_js('''res.writeHead(200); res.end();'''), on_request(py), GET)
    assert r.responses[0].header('transfer-encoding') == 'chunked'


def test_end_without_data_sends_content_length_zero(wire):
    r = wire.check(handler_js('''res.end();'''), on_request(lambda req, res, log, s: res.end()), GET)
    assert r.responses[0].header('content-length') == '0'


def test_writehead_then_end_with_data(wire):
    def py(req, res, log, s):
        res.writeHead(200, {'X': 'y'})
        res.end('data')
    wire.check(handler_js('''res.writeHead(200, {'X': 'y'}); res.end('data');'''), on_request(py), GET)


def test_write_then_end_is_chunked(wire):
    def py(req, res, log, s):
        res.write('a')
        res.write(b'bc')
        res.end('def')
    r = wire.check(handler_js('''res.write('a'); res.write(Buffer.from('bc')); res.end('def');'''),
                   on_request(py), GET)
    assert r.responses[0].header('transfer-encoding') == 'chunked'
    assert r.responses[0].body == b'abcdef'


def test_empty_write_does_not_emit_empty_chunk(wire):
    def py(req, res, log, s):
        res.write('')
        res.write('x')
        res.end()
    wire.check(handler_js('''res.write(''); res.write('x'); res.end();'''), on_request(py), GET)


def test_user_content_length_not_chunked(wire):
    def py(req, res, log, s):
        res.setHeader('Content-Length', '6')
        res.write('abc')
        res.end('def')
    wire.check(handler_js('''res.setHeader('Content-Length', '6'); res.write('abc'); res.end('def');'''),
               on_request(py), GET)


def test_user_transfer_encoding_chunked(wire):
    def py(req, res, log, s):
        res.setHeader('Transfer-Encoding', 'chunked')
        res.end('abc')
    wire.check(handler_js('''res.setHeader('Transfer-Encoding', 'chunked'); res.end('abc');'''),
               on_request(py), GET)


def test_user_transfer_encoding_other_closes(wire):
    def py(req, res, log, s):
        res.setHeader('Transfer-Encoding', 'gzip')
        res.write('abc')
        res.end()
    wire.check(handler_js('''res.setHeader('Transfer-Encoding', 'gzip'); res.write('abc'); res.end();'''),
               on_request(py), GET, until_close=True, timeout=0.5)


def test_head_request_has_no_body(wire):
    def py(req, res, log, s):
        res.end('body ignored')
    r = wire.check(handler_js('''res.end('body ignored');'''), on_request(py),
                   b'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n')
    assert r.responses[0].body == b''


def test_head_request_with_writes_has_no_body(wire):
    def py(req, res, log, s):
        res.write('abc')
        res.end('def')
    r = wire.check(handler_js('''res.write('abc'); res.end('def');'''), on_request(py),
                   b'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n' + GET, n=2)
    assert len(r.responses) == 2


@pytest.mark.parametrize('code', [204, 304])
def test_no_body_status(wire, code):
    def py(req, res, log, s):
        res.writeHead(code)
        res.end('ignored')
    wire.check(handler_js('''res.writeHead(%d); res.end('ignored');''' % code), on_request(py), GET + GET, n=2)


def test_no_body_status_with_writes(wire):
    def py(req, res, log, s):
        res.statusCode = 204
        log(res.write('x'))
        res.end()
    wire.check(handler_js('''res.statusCode = 204; log(res.write('x')); res.end();'''), on_request(py), GET)


def test_large_body_streams_chunked(wire):
    def py(req, res, log, s):
        for i in range(20):
            res.write(bytes([65 + i]) * 10000)
        res.end()
    js = '''for (let i = 0; i < 20; i++) res.write(Buffer.alloc(10000, 65 + i)); res.end();'''
    r = wire.check(handler_js(js), on_request(py), GET, timeout=5)
    assert len(r.responses[0].body) == 200000


def test_flush_headers_sends_head_before_body(wire):
    def py(req, res, log, s):
        res.setHeader('X', '1')
        res.flushHeaders()
        log(res.headersSent)
        res.end('later')
    wire.check(handler_js('''res.setHeader('X', '1'); res.flushHeaders(); log(res.headersSent); res.end('later');'''),
               on_request(py), GET)


@pytest.mark.parametrize('chunk_js,chunk_py', [("''", ''), ('Buffer.alloc(0)', b'')])
def test_empty_first_write_sends_the_head(wire, chunk_js, chunk_py):
    # Node glues the head to the first chunk, even an empty one: the head
    # leaves before end(), which comes later (and is not part of the
    # exchange: the reader has what it waits for only with the last chunk).
    js = handler_js('''log(res.write(%s, () => log('cb'))); log(res.headersSent);
        setTimeout(() => res.end(), 150);''' % chunk_js)

    def py(req, res, log, s):
        log(res.write(chunk_py, lambda *a: log('cb')))
        log(res.headersSent)
        threading.Timer(0.15, res.end).start()
    r = wire.check(js, on_request(py), GET, timeout=0.1, logs=3)
    assert r.raw.endswith(b'Transfer-Encoding: chunked\r\n\r\n') and r.logs == [True, True, 'cb']


def test_write_then_destroy_in_the_same_tick_sends_nothing(wire):
    # Node's write() corks the socket until the tick ends: the response's
    # bytes wait there, and a destroy in the same tick drops them (the
    # write's callback gets ERR_STREAM_DESTROYED).
    js = handler_js('''res.write('part', (e) => log(e && e.code)); log(res.writableCorked);
        res.destroy();''')

    def py(req, res, log, s):
        res.write('part', lambda e=None: log(e and e.code))
        log(res.writableCorked)
        res.destroy()
    r = wire.check(js, on_request(py), GET, timeout=1, until_close=True, logs=2)
    assert r.raw == b'' and r.closed and r.logs == [1, 'ERR_STREAM_DESTROYED']


def test_cork_after_a_write_holds_that_write(wire):
    # The cork a write() takes and the handler's own add up: the tick's end
    # takes one off, the held bytes wait for uncork(), here in a later call
    js = handler_js('''res.write('a'); res.cork(); log(res.writableCorked);
        setTimeout(() => { log(res.writableCorked); res.uncork(); res.end('b'); }, 100);''')

    def py(req, res, log, s):
        res.write('a')
        res.cork()
        log(res.writableCorked)

        def later():
            log(res.writableCorked)
            res.uncork()
            res.end('b')
        threading.Timer(0.1, later).start()
    r = wire.check(js, on_request(py), GET, logs=2)
    assert r.logs == [2, 1] and r.responses[0].body == b'ab'


def test_empty_write_calls_back_after_the_writes_before_it(wire):
    js = handler_js('''res.write('abc', () => log('cb0')); res.write('', () => log('cb1'));
        res.end('d', () => log('cb2'));''')

    def py(req, res, log, s):
        res.write('abc', lambda *a: log('cb0'))
        res.write('', lambda *a: log('cb1'))
        res.end('d', lambda *a: log('cb2'))
    r = wire.check(js, on_request(py), GET, logs=3)
    assert r.logs == ['cb0', 'cb1', 'cb2']


@pytest.mark.parametrize('code', [204, 304])
def test_user_chunked_on_a_bodiless_status_closes(wire, code):
    # Node sends no zero chunk after a 204 or 304 that the user declared
    # chunked, and closes the connection instead
    js = handler_js('''res.writeHead(%d, {'Transfer-Encoding': 'chunked'}); res.end('x');''' % code)

    def py(req, res, log, s):
        res.writeHead(code, {'Transfer-Encoding': 'chunked'})
        res.end('x')
    r = wire.check(js, on_request(py), GET, timeout=1, until_close=True)
    assert r.closed and b'Connection: close' in r.raw


def test_reject_body_writes_refuses_empty_bytes_not_an_empty_string(wire):
    # rejectNonStandardBodyWrites on a HEAD: end('') is no chunk (Node's
    # `if (chunk)`), an empty Buffer is one, refused
    js = handler_js('''try { res.end(Buffer.alloc(0)); } catch (e) { log(e.code); }
        res.end(''); log(res.writableEnded);''')

    def py(req, res, log, s):
        try:
            res.end(b'')
        except Exception as e:  # noqa: BLE001
            log(e.code)
        res.end('')
        log(res.writableEnded)
    r = wire.check(js, on_request(py), b'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n',
                   options={'rejectNonStandardBodyWrites': True}, logs=2)
    assert r.logs == ['ERR_HTTP_BODY_NOT_ALLOWED', True]


def test_write_return_value_small(wire):
    def py(req, res, log, s):
        log(res.write('x'))
        res.end()
    r = wire.check(handler_js('''log(res.write('x')); res.end();'''), on_request(py), GET)
    assert r.logs == [True]


def test_write_after_end_errors(wire):
    js = handler_js('''res.end('a'); res.on('error', (e) => log('error ' + e.code));
        res.write('b', (e) => log('cb ' + (e && e.code)));''')

    def py(req, res, log, s):
        res.end('a')
        res.on('error', lambda e: log('error ' + e.code))
        res.write('b', lambda e: log('cb ' + (e.code if e else 'None')))
    wire.check(js, on_request(py), GET, logs=2)


def test_http10_request_response_closes_without_length(wire):
    def py(req, res, log, s):
        res.write('a')
        res.end('b')
    r = wire.check(handler_js('''res.write('a'); res.end('b');'''), on_request(py),
                   b'GET / HTTP/1.0\r\n\r\n', timeout=2)
    assert r.closed


def test_http10_with_content_length_closes(wire):
    wire.check(handler_js('''res.end('abc');'''), on_request(lambda req, res, log, s: res.end('abc')),
               b'GET / HTTP/1.0\r\n\r\n')


def test_http10_keep_alive_request_closes_without_content_length_header(wire):
    # end(data) computes a length, but only a Content-Length the handler set
    # lets Node keep an HTTP/1.0 connection
    r = wire.check(handler_js('''res.end('abc');'''), on_request(lambda req, res, log, s: res.end('abc')),
                   b'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' * 2, n=2)
    assert r.closed and len(r.responses) == 1


def test_http10_keep_alive_with_content_length_header_is_kept(wire):
    def py(req, res, log, s):
        res.setHeader('Content-Length', 3)
        res.end('abc')
    r = wire.check(handler_js('''res.setHeader('Content-Length', 3); res.end('abc');'''),
                   on_request(py), b'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' * 2, n=2)
    assert not r.closed and len(r.responses) == 2


def test_http10_keep_alive_chunked_not_possible(wire):
    def py(req, res, log, s):
        res.write('a')
        res.end('b')
    r = wire.check(handler_js('''res.write('a'); res.end('b');'''), on_request(py),
                   b'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', timeout=2)
    assert r.closed


def test_http10_keep_alive_with_te_chunked_is_kept(wire):
    def py(req, res, log, s):
        res.write('a')
        res.end('b')
    r = wire.check(handler_js('''res.write('a'); res.end('b');'''), on_request(py),
                   b'GET / HTTP/1.0\r\nConnection: keep-alive\r\nTE: chunked\r\n\r\n' * 2, n=2)
    assert not r.closed and len(r.responses) == 2


def test_connection_close_request(wire):
    r = wire.check(handler_js('''res.end('abc');'''), on_request(lambda req, res, log, s: res.end('abc')),
                   b'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    assert r.closed


def test_response_connection_close_header(wire):
    def py(req, res, log, s):
        res.setHeader('Connection', 'close')
        res.end('abc')
    r = wire.check(handler_js('''res.setHeader('Connection', 'close'); res.end('abc');'''), on_request(py), GET)
    assert r.closed


def test_response_without_status_sets(wire):
    def py(req, res, log, s):
        res.statusCode = 500
        res.end()
    wire.check(handler_js('''res.statusCode = 500; res.end();'''), on_request(py), GET)


def test_write_past_high_water_mark_then_drain(wire):
    # (Node's write() of a chunk past the high-water mark returns false even
    # when the kernel took it all; nodehttp returns False only when bytes stay
    # queued -- DESIGN.md -- so the handler does what correct Node code does)
    js = handler_js('''if (res.write(Buffer.alloc(4 * 1024 * 1024, 97))) res.end();
        else res.once('drain', () => { log('drained'); res.end(); });''')

    def py(req, res, log, s):
        if res.write(b'a' * (4 * 1024 * 1024)):
            res.end()
        else:
            res.once('drain', lambda: (log('drained'), res.end()))
    nr, pr = wire.run(js, on_request(py), GET, timeout=10)
    assert pr.raw == nr.raw and not pr.closed and not nr.closed
    assert len(nr.responses[0].body) == 4 * 1024 * 1024


def test_readable_piped_into_response(wire):
    js = handler_js('''const { Readable } = require('stream'); const r = new Readable({ read() {} });
        res.on('pipe', () => log('pipe')); res.on('finish', () => log('finish'));
        r.pipe(res); for (let i = 0; i < 64; i++) r.push(Buffer.alloc(16384, 98 + (i % 3))); r.push(null);''')

    def py(req, res, log, s):
        from nodehttp.stream import Readable
        r = Readable({'read': lambda self, n: None})
        res.on('pipe', lambda src: log('pipe'))
        res.on('finish', lambda: log('finish'))
        r.pipe(res)
        for i in range(64):
            r.push(bytes([98 + i % 3]) * 16384)
        r.push(None)
    r = wire.check(js, on_request(py), GET, timeout=10, logs=2)
    assert len(r.responses[0].body) == 64 * 16384
