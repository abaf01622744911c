"""IncomingMessage on the server: headers, rawHeaders, trailers, version,
method, url, Host rules.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import handler_js, on_request

pytestmark = pytest.mark.timeout(30)

SHOW_JS = handler_js('''log([req.method, req.url, req.httpVersion, req.httpVersionMajor, req.httpVersionMinor]);
    log(req.headers); log(req.rawHeaders); log(req.headersDistinct); res.end();''')


def show(req, res, log, s):
    log([req.method, req.url, req.httpVersion, req.httpVersionMajor, req.httpVersionMinor])
    log(req.headers)
    log(req.rawHeaders)
    log(req.headersDistinct)
    res.end()


def test_duplicate_header_rules(wire):
    req = (b'GET /p?q=1 HTTP/1.1\r\nHost: a\r\nHost: b\r\nSet-Cookie: x=1\r\nset-cookie: y=2\r\n'
           b'Cookie: c=1\r\nCOOKIE: d=2\r\nX-Custom: 1\r\nx-custom: 2\r\nContent-Type: a/b\r\n'
           b'Content-Type: c/d\r\nAccept: x\r\nAccept: y\r\nUser-Agent: u1\r\nUser-Agent: u2\r\n'
           b'Authorization: a1\r\nAuthorization: a2\r\nReferer: r1\r\nReferer: r2\r\n\r\n')
    r = wire.check(SHOW_JS, on_request(show), req)
    h = r.logs[1]
    assert h['host'] == 'a'
    assert h['set-cookie'] == ['x=1', 'y=2']
    assert h['cookie'] == 'c=1; d=2'
    assert h['x-custom'] == '1, 2'


def test_raw_headers_keep_case_and_order(wire):
    req = b'GET / HTTP/1.1\r\nhOsT: a\r\nX-Y:   spaced   \r\nempty:\r\n\r\n'
    r = wire.check(SHOW_JS, on_request(show), req)
    assert r.logs[2] == ['hOsT', 'a', 'X-Y', 'spaced', 'empty', '']


def test_method_url_version(wire):
    for raw in (b'DELETE /a/b?c#d HTTP/1.1\r\nHost: x\r\n\r\n', b'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
                b'GET http://example.com/x HTTP/1.1\r\nHost: x\r\n\r\n', b'PURGE / HTTP/1.0\r\n\r\n'):
        wire.check(SHOW_JS, on_request(show), raw)


def test_join_duplicate_headers_option(wire):
    req = b'GET / HTTP/1.1\r\nHost: x\r\nContent-Type: a\r\nContent-Type: b\r\n\r\n'
    r = wire.check(SHOW_JS, on_request(show), req, options={'joinDuplicateHeaders': True})
    assert r.logs[1]['content-type'] == 'a, b'


def test_max_headers_count(wire):
    js = '''(server, log) => { server.maxHeadersCount = 2; server.on('request', (req, res) => {
        log(req.rawHeaders); log(req.headers); res.end(); }); }'''

    def py(server, log):
        server.maxHeadersCount = 2

        def rq(req, res):
            log(req.rawHeaders)
            log(req.headers)
            res.end()
        server.on('request', rq)
    req = b'GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n'
    r = wire.check(js, py, req)
    assert r.logs[1] == {'host': 'x', 'a': '1'}
    assert len(r.logs[0]) == 8


def test_trailers_at_end(wire):
    js = handler_js('''log(['before', req.trailers, req.rawTrailers]); req.resume();
        req.on('end', () => { log([req.trailers, req.rawTrailers, req.complete]); res.end(); });''')

    def py(req, res, log, s):
        log(['before', req.trailers, req.rawTrailers])
        req.resume()

        def end():
            log([req.trailers, req.rawTrailers, req.complete])
            res.end()
        req.on('end', end)
    req = (b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n'
           b'3\r\nabc\r\n0\r\nX-T: 1\r\nx-t: 2\r\nX-Other: o\r\n\r\n')
    r = wire.check(js, on_request(py), req, logs=2)
    assert r.logs[1][1] == ['X-T', '1', 'x-t', '2', 'X-Other', 'o']


def test_trailer_values_latin1_without_trailing_whitespace(wire):
    js = handler_js('''req.resume(); req.on('end', () => { log(req.rawTrailers); res.end(); });''')

    def py(req, res, log, s):
        req.resume()
        req.on('end', lambda: (log(req.rawTrailers), res.end()))
    req = (b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
           b'1\r\nz\r\n0\r\nX-T: caf\xe9 \t\r\nX-U:\r\n\r\n')
    r = wire.check(js, on_request(py), req)
    assert r.logs[0] == ['X-T', 'caf\xe9', 'X-U', '']


def test_complete_flag(wire):
    js = handler_js('''log(req.complete); req.on('end', () => { log(req.complete); res.end(); }); req.resume();''')

    def py(req, res, log, s):
        log(req.complete)

        def end():
            log(req.complete)
            res.end()
        req.on('end', end)
        req.resume()
    wire.check(js, on_request(py), b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab', logs=2)


def test_missing_host_http11_gets_400(wire):
    r = wire.check(SHOW_JS, on_request(show), b'GET / HTTP/1.1\r\n\r\n')
    assert r.status == [400] and r.logs == [] and r.closed


def test_missing_host_allowed_with_option(wire):
    r = wire.check(SHOW_JS, on_request(show), b'GET / HTTP/1.1\r\n\r\n', options={'requireHostHeader': False})
    assert r.status == [200]


def test_missing_host_http10_ok(wire):
    r = wire.check(SHOW_JS, on_request(show), b'GET / HTTP/1.0\r\n\r\n')
    assert r.status == [200]


def test_lowercase_header_values_untouched(wire):
    wire.check(SHOW_JS, on_request(show), b'GET / HTTP/1.1\r\nHost: x\r\nX-Mixed: AbC dEf\r\n\r\n')


def test_latin1_header_value(wire):
    wire.check(SHOW_JS, on_request(show), b'GET / HTTP/1.1\r\nHost: x\r\nX-L: caf\xe9\r\n\r\n')


def test_many_headers_default_max_count(wire):
    # Node's req.headers holds 1000 of them by default (maxHeaderPairs 2000
    # entries); its rawHeaders is cut at a 32-field batch boundary past that,
    # which nodehttp does not imitate (it keeps them all)
    hdrs = b''.join(b'h%d:\r\n' % i for i in range(2100))
    js = handler_js('''log(Object.keys(req.headers).length); res.end();''')

    def py(req, res, log, s):
        log(len(req.headers))
        res.end()
    r = wire.check(js, on_request(py), b'GET / HTTP/1.1\r\nHost: x\r\n' + hdrs + b'\r\n')
    assert r.status == [200] and r.logs == [1000]
