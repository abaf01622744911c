"""ServerResponse corner cases.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import GET, handler_js, on_request

pytestmark = pytest.mark.timeout(30)


def _same(wire, js_body, py_fn, data=GET, **kw):
    return wire.check(handler_js(js_body), on_request(py_fn), data, **kw)


def test_writehead_with_message_and_headers(wire):
    def py(req, res, log, s):
        res.writeHead(418, "I'm a teapot!", {'X': '1'})
        res.end()
    _same(wire, '''res.writeHead(418, "I'm a teapot!", {'X': '1'}); res.end();''', py)


def test_writehead_with_array_of_pairs(wire):
    def py(req, res, log, s):
        res.writeHead(200, [['X', '1'], ['X', '2'], ['Y', '3']])
        res.end('z')
    _same(wire, '''res.writeHead(200, [['X', '1'], ['X', '2'], ['Y', '3']]); res.end('z');''', py)


def test_writehead_array_merges_with_set_headers(wire):
    def py(req, res, log, s):
        res.setHeader('X', '0')
        res.setHeader('Z', 'z')
        res.writeHead(200, ['X', '1', 'Y', '2', 'x', '3'])
        res.end()
    _same(wire, '''res.setHeader('X', '0'); res.setHeader('Z', 'z'); res.writeHead(200, ['X', '1', 'Y', '2', 'x', '3']); res.end();''', py)


def test_invalid_status_message_char(wire):
    def py(req, res, log, s):
        try:
            res.writeHead(200, 'bad\nmsg')
        except TypeError as e:
            log(e.code)
        res.statusMessage = None
        res.end('after')
    _same(wire, '''try { res.writeHead(200, 'bad\\nmsg'); } catch (e) { log(e.code); } res.statusMessage = undefined; res.end('after');''',
          py)


def test_empty_array_header_value(wire):
    def py(req, res, log, s):
        res.setHeader('X-Empty', [])
        res.end('e')
    _same(wire, '''res.setHeader('X-Empty', []); res.end('e');''', py)


def test_head_with_explicit_content_length(wire):
    def py(req, res, log, s):
        res.setHeader('Content-Length', '10')
        res.end()
    _same(wire, '''res.setHeader('Content-Length', '10'); res.end();''', py,
          b'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n' + GET.replace(b'GET', b'HEAD'), n=2)


def test_304_with_user_content_length(wire):
    def py(req, res, log, s):
        res.writeHead(304, {'Content-Length': '5', 'ETag': '"x"'})
        res.end()
    _same(wire, '''res.writeHead(304, {'Content-Length': '5', 'ETag': '"x"'}); res.end();''', py, GET + GET, n=2)


def test_remove_content_length_after_set(wire):
    def py(req, res, log, s):
        res.setHeader('Content-Length', '3')
        res.removeHeader('content-length')
        res.end('abc')
    _same(wire, '''res.setHeader('Content-Length', '3'); res.removeHeader('content-length'); res.end('abc');''', py)


def test_http10_client_with_te_chunked_gets_chunked(wire):
    def py(req, res, log, s):
        res.write('a')
        res.end('b')
    _same(wire, '''res.write('a'); res.end('b');''', py, b'GET / HTTP/1.0\r\nTE: chunked\r\n\r\n',
          timeout=2)


def test_http10_user_keep_alive_header_keeps_connection(wire):
    def py(req, res, log, s):
        res.setHeader('Connection', 'keep-alive')
        res.end('k')
    _same(wire, '''res.setHeader('Connection', 'keep-alive'); res.end('k');''', py,
          b'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', timeout=2)


def test_trailers_without_trailer_header(wire):
    def py(req, res, log, s):
        res.write('x')
        res.addTrailers({'X-T': 'v'})
        res.end()
    _same(wire, '''res.write('x'); res.addTrailers({'X-T': 'v'}); res.end();''', py)


def test_trailer_header_with_content_length_throws(wire):
    def py(req, res, log, s):
        res.setHeader('Trailer', 'X-T')
        res.setHeader('Content-Length', '1')
        try:
            res.end('x')
        except Exception as e:  # noqa: BLE001
            log(e.code)
            res.removeHeader('Trailer')
            res.end('x')
    _same(wire, '''res.setHeader('Trailer', 'X-T'); res.setHeader('Content-Length', '1');
        try { res.end('x'); } catch (e) { log(e.code); res.removeHeader('Trailer'); res.end('x'); }''', py)


@pytest.mark.parametrize('end_js,end_py', [('res.end()', lambda res: res.end()),
                                            ("res.end('x')", lambda res: res.end('x'))])
def test_end_that_throws_leaves_the_connection_corked(wire, end_js, end_py):
    # An HTTP/1.0 request (the connection ends with it); end() throws as it
    # renders the head, after Node's cork of the socket.  The next bytes are
    # a parse error (after a closing message), whose 400 waits in the corked
    # socket and goes with the destroy: nothing is sent.
    def py(req, res, log, s):
        res.setHeader('Trailer', 'X-T')
        try:
            end_py(res)
        except Exception as e:  # noqa: BLE001
            log(e.code)
    r = _same(wire, '''res.setHeader('Trailer', 'X-T'); try { %s; } catch (e) { log(e.code); }''' % end_js,
              py, [b'GET / HTTP/1.0\r\n\r\n', GET], timeout=1, until_close=True, pause=0.2)
    assert r.raw == b'' and r.closed and r.logs == ['ERR_HTTP_TRAILER_INVALID']


def test_write_head_passes_over_an_empty_header_name(wire):
    # after setHeader(), writeHead's headers are set one by one, and Node's
    # `if (k)` passes over an empty name
    def py(req, res, log, s):
        res.setHeader('X-A', '1')
        res.writeHead(200, {'': 'v', 'X-B': '2'})
        res.end('ok')
    _same(wire, """res.setHeader('X-A', '1'); res.writeHead(200, {'': 'v', 'X-B': '2'}); res.end('ok');""", py)


@pytest.mark.parametrize('before_js,before_py', [
    ('res.flushHeaders();', lambda res: res.flushHeaders()),
    ("res.write(''); res.uncork(); res.flushHeaders();",
     lambda res: (res.write(''), res.uncork(), res.flushHeaders())),
])
def test_end_after_destroy_finishes_as_in_node(wire, before_js, before_py):
    # Node: end() with the head out and nothing left in the socket emits
    # 'finish' on the next tick, on a destroyed socket too; with bytes still
    # counted there it does not
    def py(req, res, log, s):
        res.on('finish', lambda: log('finish'))
        before_py(res)
        res.destroy()
        res.write('x')
        res.end()
        log('ended')
    _same(wire, """res.on('finish', () => log('finish')); %s res.destroy(); res.write('x'); res.end();
        log('ended');""" % before_js, py, timeout=1, until_close=True, logs=1)


def test_strict_content_length_mismatch(wire):
    # Node 20: the first write is not checked (the head is stored after the
    # check); end() finds 5 != 2 and throws, leaving the socket corked
    def py(req, res, log, s):
        res.strictContentLength = True
        res.setHeader('Content-Length', '2')
        log(res.write('abc'))
        try:
            res.end('ab')
        except Exception as e:  # noqa: BLE001
            log([e.code, str(e)])
    # (the write's cork and end()'s own stay: nothing reaches the wire)
    r = wire.check(handler_js('''res.strictContentLength = true; res.setHeader('Content-Length', '2');
        log(res.write('abc')); try { res.end('ab'); } catch (e) { log([e.code, e.message]); }'''),
        on_request(py), GET, timeout=0.3, logs=2)
    assert r.raw == b''


def test_strict_content_length_second_write_refused(wire):
    def py(req, res, log, s):
        res.strictContentLength = True
        res.setHeader('Content-Length', '3')
        res.write('ab')
        try:
            res.write('cd')
        except Exception as e:  # noqa: BLE001
            log(e.code)
        res.end('c')
    _same(wire, '''res.strictContentLength = true; res.setHeader('Content-Length', '3'); res.write('ab');
        try { res.write('cd'); } catch (e) { log(e.code); } res.end('c');''', py)


def test_get_header_after_writehead(wire):
    def py(req, res, log, s):
        res.setHeader('X', '1')
        res.writeHead(200, {'Y': '2'})
        log([res.getHeader('y'), res.getHeader('x'), sorted(res.getHeaderNames())])
        res.end()
    _same(wire, '''res.setHeader('X', '1'); res.writeHead(200, {'Y': '2'});
        log([res.getHeader('y'), res.getHeader('x'), res.getHeaderNames().sort()]); res.end();''', py)


def test_status_code_after_writehead(wire):
    def py(req, res, log, s):
        res.writeHead(201)
        log([res.statusCode, res.statusMessage])
        res.end()
    _same(wire, '''res.writeHead(201); log([res.statusCode, res.statusMessage]); res.end();''', py)


def test_write_buffer_and_encodings(wire):
    def py(req, res, log, s):
        res.write('aGk=', 'base64')
        res.write('21', 'hex')
        res.write(bytearray(b'!'))
        res.end('\u00e9', 'latin1')
    _same(wire, '''res.write('aGk=', 'base64'); res.write('21', 'hex'); res.write(new Uint8Array([33])); res.end('\\u00e9', 'latin1');''', py)


def test_request_with_body_on_get_is_read(wire):
    def py(req, res, log, s):
        b = []
        req.on('data', lambda d: b.append(d.decode()))
        req.on('end', lambda: res.end(''.join(b)))
    _same(wire, '''let b = ''; req.on('data', (d) => b += d); req.on('end', () => res.end(b));''', py,
          b'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody')


def test_chunk_extensions_ignored(wire):
    def py(req, res, log, s):
        b = []
        req.on('data', lambda d: b.append(d.decode()))
        req.on('end', lambda: res.end(''.join(b)))
    _same(wire, '''let b = ''; req.on('data', (d) => b += d); req.on('end', () => res.end(b));''', py,
          b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\n\r\n')


def test_res_socket_write_directly(wire):
    def py(req, res, log, s):
        res.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nraw')
    _same(wire, '''res.socket.write('HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nraw');''', py)


def test_destroy_response_closes_connection(wire):
    def py(req, res, log, s):
        res.on('close', lambda: log('close'))
        res.destroy()
    r = _same(wire, '''res.on('close', () => log('close')); res.destroy();''', py, until_close=True, timeout=2, logs=1)
    assert r.closed and r.raw == b''




def test_write_after_the_request_destroyed_its_socket(wire):
    # req.destroy() destroys the socket; the response is not destroyed until
    # its 'close' (a later tick).  A write meanwhile renders the head (the
    # next setHeader() throws), sends nothing, returns false and never calls
    # back (Node's _writeRaw); an empty one too
    def py(req, res, log, s):
        req.destroy()
        log(res.write('x', lambda err=None: log(['cb', getattr(err, 'code', err)])))
        log(res.write(b''))
        try:
            res.setHeader('X-A', '1')
        except Exception as e:  # noqa: BLE001
            log(e.code)
        res.end()
        log('ended')
    _same(wire, """req.destroy(); log(res.write('x', (err) => log(['cb', err && err.code])));
        log(res.write(Buffer.alloc(0)));
        try { res.setHeader('X-A', '1'); } catch (e) { log(e.code); } res.end(); log('ended');""",
          py, timeout=1, until_close=True, logs=4)


def test_writes_held_when_the_request_destroys_its_socket_are_called_back(wire):
    # a write corks the socket until the tick ends; req.destroy() then drops
    # what it held, and its callback gets ERR_STREAM_DESTROYED (after end())
    def py(req, res, log, s):
        res.write('x', lambda err=None: log(['cb', getattr(err, 'code', err)]))
        req.destroy()
        res.end()
        log('ended')
    _same(wire, """res.write('x', (err) => log(['cb', err && err.code])); req.destroy(); res.end();
        log('ended');""", py, timeout=1, until_close=True, logs=2)
