"""ServerResponse headers on the wire and the header API's errors inside a
handler (pure API validation stays in tests/test_server_response_headers.py).

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import GET, handler_js, on_request

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


def test_writehead_merges_with_setheader_its_own_win(wire):
    js = handler_js('''
        res.setHeader('X-A', 'set'); res.setHeader('X-B', 'keep');
        res.writeHead(200, {'x-a': 'head', 'X-C': 'c'}); res.end('ok');''')

    def py(req, res, log, server):
        res.setHeader('X-A', 'set')
        res.setHeader('X-B', 'keep')
        res.writeHead(200, {'x-a': 'head', 'X-C': 'c'})
        res.end('ok')
    r = wire.check(js, on_request(py), GET)
    assert r.responses[0].header('x-a') == 'head'


def test_writehead_without_setheader_keeps_given_order_and_case(wire):
    js = handler_js('''res.writeHead(201, {'X-Zed': '1', 'content-TYPE': 'text/x', 'a': 'b'}); res.end('abc');''')

    def py(req, res, log, server):
        res.writeHead(201, {'X-Zed': '1', 'content-TYPE': 'text/x', 'a': 'b'})
        res.end('abc')
    wire.check(js, on_request(py), GET)


def test_list_value_sends_repeated_headers(wire):
    js = handler_js('''res.setHeader('Set-Cookie', ['a=1', 'b=2']); res.setHeader('X-L', ['p', 'q']); res.end();''')

    def py(req, res, log, server):
        res.setHeader('Set-Cookie', ['a=1', 'b=2'])
        res.setHeader('X-L', ['p', 'q'])
        res.end()
    r = wire.check(js, on_request(py), GET)
    assert r.responses[0].header('set-cookie') == ['a=1', 'b=2']


def test_writehead_with_flat_array_headers(wire):
    js = handler_js('''res.writeHead(200, ['X-A', '1', 'X-A', '2', 'Content-Length', '2']); res.end('hi');''')

    def py(req, res, log, server):
        res.writeHead(200, ['X-A', '1', 'X-A', '2', 'Content-Length', '2'])
        res.end('hi')
    wire.check(js, on_request(py), GET)


def test_status_message_custom_and_default(wire):
    js = handler_js('''
        if (req.url === '/a') { res.statusCode = 404; res.statusMessage = 'Nope'; res.end(); }
        else if (req.url === '/b') { res.writeHead(299); res.end(); }
        else { res.writeHead(202, 'Fine Thanks'); res.end(); }''')

    def py(req, res, log, server):
        if req.url == '/a':
            res.statusCode = 404
            res.statusMessage = 'Nope'
            res.end()
        elif req.url == '/b':
            res.writeHead(299)
            res.end()
        else:
            res.writeHead(202, 'Fine Thanks')
            res.end()
    reqs = (b'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' + b'GET /b HTTP/1.1\r\nHost: x\r\n\r\n'
            + b'GET /c HTTP/1.1\r\nHost: x\r\n\r\n')
    r = wire.check(js, on_request(py), reqs, n=3)
    assert [x.status_line for x in r.responses] == [
        b'HTTP/1.1 404 Nope', b'HTTP/1.1 299 unknown', b'HTTP/1.1 202 Fine Thanks']


def test_send_date_false_omits_date(wire):
    js = handler_js('''res.sendDate = false; res.end('x');''')

    def py(req, res, log, server):
        res.sendDate = False
        res.end('x')
    r = wire.check(js, on_request(py), GET)
    assert r.responses[0].header('date') is None


def test_user_date_header_replaces_automatic(wire):
    js = handler_js('''res.setHeader('date', 'yesterday'); res.end('x');''')

    def py(req, res, log, server):
        res.setHeader('date', 'yesterday')
        res.end('x')
    wire.check(js, on_request(py), GET)


def test_header_getters_and_remove(wire):
    js = handler_js('''
        res.setHeader('X-One', '1'); res.setHeader('x-two', ['a', 'b']); res.setHeader('X-N', 5);
        log([res.getHeader('x-one'), res.getHeader('X-TWO'), res.getHeader('nope'), res.getHeader('x-n')]);
        log(res.getHeaderNames()); log(res.getHeaders()); log([res.hasHeader('X-ONE'), res.hasHeader('zz')]);
        log(res.getRawHeaderNames());
        res.removeHeader('X-One'); log(res.hasHeader('x-one'));
        res.end();''')

    def py(req, res, log, server):
        res.setHeader('X-One', '1')
        res.setHeader('x-two', ['a', 'b'])
        res.setHeader('X-N', 5)
        log([res.getHeader('x-one'), res.getHeader('X-TWO'), res.getHeader('nope'), res.getHeader('x-n')])
        log(res.getHeaderNames())
        log(res.getHeaders())
        log([res.hasHeader('X-ONE'), res.hasHeader('zz')])
        log(res.getRawHeaderNames())
        res.removeHeader('X-One')
        log(res.hasHeader('x-one'))
        res.end()
    wire.check(js, on_request(py), GET)


def test_number_header_value_is_sent_as_decimal(wire):
    js = handler_js('''res.setHeader('X-N', 5); res.setHeader('X-F', 1.5); res.end();''')

    def py(req, res, log, server):
        res.setHeader('X-N', 5)
        res.setHeader('X-F', 1.5)
        res.end()
    wire.check(js, on_request(py), GET)


def test_headers_sent_flags_and_errors_after_sent(wire):
    js = handler_js('''
        log(res.headersSent); res.write('a'); log(res.headersSent);
        for (const f of [() => res.setHeader('x', 'y'), () => res.removeHeader('x'),
                         () => res.writeHead(200)]) {
          try { f(); log('no error'); } catch (e) { log(e.code); }
        }
        res.end();''')

    def py(req, res, log, server):
        log(res.headersSent)
        res.write('a')
        log(res.headersSent)
        for f in (lambda: res.setHeader('x', 'y'), lambda: res.removeHeader('x'),
                  lambda: res.writeHead(200)):
            try:
                f()
                log('no error')
            except Exception as e:  # noqa: BLE001
                log(e.code)
        res.end()
    r = wire.check(js, on_request(py), GET)
    assert r.logs == [False, True, 'ERR_HTTP_HEADERS_SENT', 'ERR_HTTP_HEADERS_SENT',
                      'ERR_HTTP_HEADERS_SENT']


def test_writehead_returns_res(wire):
    js = handler_js('''log(res.writeHead(200) === res); res.end();''')

    def py(req, res, log, server):
        log(res.writeHead(200) is res)
        res.end()
    r = wire.check(js, on_request(py), GET)
    assert r.logs == [True]


def test_invalid_status_code_in_handler_matches_node(wire):
    js = handler_js('''try { res.writeHead(1000); } catch (e) { log([e.code, e.name]); } res.end('k');''')

    def py(req, res, log, server):
        try:
            res.writeHead(1000)
        except ValueError as e:
            log([e.code, 'RangeError'])
        res.end('k')
    wire.check(js, on_request(py), GET)


def test_bad_header_codes_match_node(wire):
    js = handler_js('''
        for (const [n, v] of [['bad name', 'v'], ['x', 'a\\nb'], ['ok', undefined], ['x\\u0100', 'v'], ['x', 'caf\\u00e9']]) {
          try { res.setHeader(n, v); log('ok'); } catch (e) { log(e.code); }
        }
        res.end();''')

    def py(req, res, log, server):
        for n, v in (('bad name', 'v'), ('x', 'a\nb'), ('ok', None), ('x\u0100', 'v'), ('x', 'caf\u00e9')):
            try:
                res.setHeader(n, v)
                log('ok')
            except TypeError as e:
                log(e.code)
        res.end()
    wire.check(js, on_request(py), GET)


def test_validate_header_name_and_value_module_functions(wire):
    js = handler_js('''
        const out = [];
        for (const f of [() => http.validateHeaderName('a b'), () => http.validateHeaderName('ok'),
                         () => http.validateHeaderValue('x', 'a\\r'), () => http.validateHeaderValue('x', undefined),
                         () => http.validateHeaderValue('x', 'fine')]) {
          try { f(); out.push('ok'); } catch (e) { out.push(e.code); }
        }
        log(out); res.end();'''.replace('http.', 'require("http").'))

    def py(req, res, log, server):
        out = []
        for f in (lambda: http.validateHeaderName('a b'), lambda: http.validateHeaderName('ok'),
                  lambda: http.validateHeaderValue('x', 'a\r'),
                  lambda: http.validateHeaderValue('x', None),
                  lambda: http.validateHeaderValue('x', 'fine')):
            try:
                f()
                out.append('ok')
            except TypeError as e:
                out.append(e.code)
        log(out)
        res.end()
    r = wire.check(js, on_request(py), GET)
    assert r.logs[0] == ['ERR_INVALID_HTTP_TOKEN', 'ok', 'ERR_INVALID_CHAR',
                         'ERR_HTTP_INVALID_HEADER_VALUE', 'ok']


def test_add_trailers_on_chunked_response(wire):
    js = handler_js('''
        res.setHeader('Trailer', 'X-Sum'); res.write('abc');
        res.addTrailers({'X-Sum': '42', 'X-Other': ['1', '2']}); res.end();''')

    def py(req, res, log, server):
        res.setHeader('Trailer', 'X-Sum')
        res.write('abc')
        res.addTrailers({'X-Sum': '42', 'X-Other': ['1', '2']})
        res.end()
    r = wire.check(js, on_request(py), GET)
    assert b'X-Sum: 42' in r.responses[0].trailers


def test_add_trailers_that_throws_keeps_only_the_ones_before(wire):
    # Node empties the trailers, then adds each as it checks it: the second
    # call throws at its second trailer, and the first call's are gone.
    js = handler_js('''
        res.write('abc'); res.addTrailers({'X-A': '1'});
        try { res.addTrailers({'X-B': '2', 'X-C': 'bad\\nvalue', 'X-D': '4'}); } catch (e) { log(e.code); }
        res.end();''')

    def py(req, res, log, server):
        res.write('abc')
        res.addTrailers({'X-A': '1'})
        try:
            res.addTrailers({'X-B': '2', 'X-C': 'bad\nvalue', 'X-D': '4'})
        except TypeError as e:
            log(e.code)
        res.end()
    r = wire.check(js, on_request(py), GET)
    assert r.responses[0].trailers == b'X-B: 2' and r.logs == ['ERR_INVALID_CHAR']


# Node joins its head (a string) to the first chunk when that is a string
# sent as UTF-8 ('utf8' or no encoding), and sends both in its encoding:
# the head's characters past ASCII then go out as UTF-8 (flushHeaders()
# sends '' that way too); before a Buffer, a size line, end() without data
# or another encoding, as latin-1.
HEAD_ENCODINGS = {
    'end_string': ("res.end('x')", lambda res: res.end('x')),
    'end_empty_string': ("res.end('')", lambda res: res.end('')),
    'end_nothing': ('res.end()', lambda res: res.end()),
    'end_buffer': ("res.end(Buffer.from('x'))", lambda res: res.end(b'x')),
    'end_latin1': ("res.end('x', 'latin1')", lambda res: res.end('x', 'latin1')),
    'end_utf_dash_8': ("res.end('x', 'utf-8')", lambda res: res.end('x', 'utf-8')),
    'flush_headers': ('res.flushHeaders(); res.end()', lambda res: (res.flushHeaders(), res.end())),
    'write_chunked': ("res.write('x'); res.end()", lambda res: (res.write('x'), res.end())),
    'write_empty': ("res.write(''); res.end()", lambda res: (res.write(''), res.end())),
    'write_with_length': ("res.setHeader('Content-Length', 1); res.write('x'); res.end()",
                          lambda res: (res.setHeader('Content-Length', 1), res.write('x'), res.end())),
    'write_head_then_end': ("res.writeHead(200); res.end('x')",
                            lambda res: (res.writeHead(200), res.end('x'))),
    'write_head_with_length': ("res.writeHead(200, {'Content-Length': 1}); res.end('x')",
                               lambda res: (res.writeHead(200, {'Content-Length': 1}), res.end('x'))),
    'no_body_status': ("res.statusCode = 204; res.end('x')",
                       lambda res: (setattr(res, 'statusCode', 204), res.end('x'))),
    'corked': ("res.cork(); res.end('x')", lambda res: (res.cork(), res.end('x'))),
}


@pytest.mark.parametrize('case', sorted(HEAD_ENCODINGS))
def test_head_past_ascii_goes_out_in_the_first_chunks_encoding(wire, case):
    js_body, py_act = HEAD_ENCODINGS[case]
    js = handler_js("res.setHeader('X', 'caf\\u00e9'); res.statusMessage = '\\u00e9t\\u00e9'; " + js_body)

    def py(req, res, log, server):
        res.setHeader('X', 'caf\u00e9')
        res.statusMessage = '\u00e9t\u00e9'
        py_act(res)
    r = wire.check(js, on_request(py), GET)
    assert b'caf\xc3\xa9' in r.raw or b'caf\xe9' in r.raw


def test_trailers_ignored_when_content_length_set(wire):
    js = handler_js('''res.setHeader('Content-Length', 3); res.addTrailers({'X-T': '1'}); res.end('abc');''')

    def py(req, res, log, server):
        res.setHeader('Content-Length', 3)
        res.addTrailers({'X-T': '1'})
        res.end('abc')
    wire.check(js, on_request(py), GET)


def test_header_name_case_kept_for_automatic_overrides(wire):
    js = handler_js('''res.setHeader('content-length', '5'); res.setHeader('CONNECTION', 'keep-alive'); res.end('hello');''')

    def py(req, res, log, server):
        res.setHeader('content-length', '5')
        res.setHeader('CONNECTION', 'keep-alive')
        res.end('hello')
    wire.check(js, on_request(py), GET)


def test_remove_automatic_headers(wire):
    js = handler_js('''
        if (req.url === '/date') { res.removeHeader('Date'); res.end('x'); }
        else if (req.url === '/te') { res.removeHeader('Transfer-Encoding'); res.write('a'); res.end('b'); }
        else { res.removeHeader('Connection'); res.end('x'); }''')

    def py(req, res, log, server):
        if req.url == '/date':
            res.removeHeader('Date')
            res.end('x')
        elif req.url == '/te':
            res.removeHeader('Transfer-Encoding')
            res.write('a')
            res.end('b')
        else:
            res.removeHeader('Connection')
            res.end('x')
    for path in (b'/date', b'/te', b'/conn'):
        wire.check(js, on_request(py), b'GET ' + path + b' HTTP/1.1\r\nHost: x\r\n\r\n')


def test_set_headers_with_dict(wire):
    js = handler_js('''res.setHeaders(new Map([['X-A', '1'], ['X-B', '2']])); res.end();''')

    def py(req, res, log, server):
        res.setHeaders({'X-A': '1', 'X-B': '2'})
        res.end()
    wire.check(js, on_request(py), GET)


def test_append_header(wire):
    js = handler_js('''res.setHeader('X-A', '1'); res.appendHeader('X-A', '2'); res.appendHeader('x-a', ['3']); log(res.getHeader('x-a')); res.end();''')

    def py(req, res, log, server):
        res.setHeader('X-A', '1')
        res.appendHeader('X-A', '2')
        res.appendHeader('x-a', ['3'])
        log(res.getHeader('x-a'))
        res.end()
    wire.check(js, on_request(py), GET)
