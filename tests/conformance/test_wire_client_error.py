"""Malformed and oversized requests: the canned 400/431 answers, and the
'clientError' listener's err.code (and rawPacket, bytesParsed), compared with Node's; the
listener owning the socket; insecureHTTPParser.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import handler_js, on_request

pytestmark = pytest.mark.timeout(30)

OK_JS = handler_js('''log('request ' + req.url); req.resume(); req.on('end', () => res.end('ok'));''')


def ok(req, res, log, s):
    log('request ' + req.url)
    req.resume()
    req.on('end', lambda: res.end('ok'))


LISTEN_JS = '''(server, log) => {
    server.on('request', (req, res) => { log('request ' + req.url); req.resume(); req.on('end', () => res.end('ok')); });
    server.on('clientError', (err, socket) => {
        log([err.code, err.rawPacket ? err.rawPacket.toString('latin1') : null, typeof err.reason,
             err.bytesParsed === undefined ? null : err.bytesParsed]);
        socket.end('HTTP/1.1 400 Custom\\r\\nConnection: close\\r\\n\\r\\n');
    });
}'''


def listen_py(server, log):
    server.on('request', lambda req, res: ok(req, res, log, server))

    def ce(err, socket):
        raw = getattr(err, 'rawPacket', None)
        log([err.code, raw.decode('latin-1') if raw is not None else None,
             'string' if isinstance(getattr(err, 'reason', None), str) else 'undefined',
             getattr(err, 'bytesParsed', None)])
        socket.end('HTTP/1.1 400 Custom\r\nConnection: close\r\n\r\n')
    server.on('clientError', ce)


SHOW_JS = handler_js('''log([req.method, req.url, req.httpVersion, req.rawHeaders]);
    req.resume(); req.on('end', () => res.end('ok'));''')


def show(req, res, log, s):
    log([req.method, req.url, req.httpVersion, req.rawHeaders])
    req.resume()
    req.on('end', lambda: res.end('ok'))


# name -> (the err.code Node's 'clientError' gets, the raw request).  Each is
# compared twice: with no listener (Node's canned 400 and close) and with a
# listener that logs err.code, err.rawPacket and typeof err.reason; the test
# also pins Node's code, so a change of Node's parser shows up by name.
_CHUNKED = b'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'

BAD = {
    # request line: method
    'bad_method': ('HPE_INVALID_METHOD', b'FOO / HTTP/1.1\r\nHost: x\r\n\r\n'),
    'lowercase_method': ('HPE_INVALID_METHOD', b'get / HTTP/1.1\r\nHost: x\r\n\r\n'),
    'method_prefix_of_known': ('HPE_INVALID_METHOD', b'CONNECTX / HTTP/1.1\r\nHost: x\r\n\r\n'),
    'tls_hello': ('HPE_INVALID_METHOD', b'\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'),
    # request line: URL
    'space_in_url': ('HPE_INVALID_CONSTANT', b'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n'),
    'nul_in_url': ('HPE_INVALID_URL', b'GET /a\x00 HTTP/1.1\r\nHost: x\r\n\r\n'),
    'ctl_in_url': ('HPE_INVALID_URL', b'GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n'),
    'del_in_url': ('HPE_INVALID_URL', b'GET /a\x7fb HTTP/1.1\r\nHost: x\r\n\r\n'),
    'tab_in_url': ('HPE_INVALID_URL', b'GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n'),
    # request line: version
    'bad_version': ('HPE_INVALID_VERSION', b'GET / HTTP/1.2\r\nHost: x\r\n\r\n'),
    'version_3': ('HPE_INVALID_VERSION', b'GET / HTTP/3.0\r\nHost: x\r\n\r\n'),
    'version_letters': ('HPE_INVALID_VERSION', b'GET / HTTP/x.1\r\nHost: x\r\n\r\n'),
    'version_lowercase': ('HPE_INVALID_CONSTANT', b'GET / http/1.1\r\nHost: x\r\n\r\n'),
    'h2_preface': ('HPE_PAUSED_H2_UPGRADE', b'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
    # line ends: bare LF / bare CR
    'bare_lf_request_line': ('HPE_INVALID_VERSION', b'GET / HTTP/1.1\nHost: x\r\n\r\n'),
    'lf_only': ('HPE_INVALID_VERSION', b'GET / HTTP/1.1\nHost: x\n\n'),
    'bare_lf_header': ('HPE_CR_EXPECTED', b'GET / HTTP/1.1\r\nHost: x\nX: a\r\n\r\n'),
    'bare_lf_end_of_headers': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\n\n'),
    'bare_cr_header': ('HPE_LF_EXPECTED', b'GET / HTTP/1.1\r\nHost: x\rX: a\r\n\r\n'),
    # header names
    'bad_header_token': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n'),
    'at_in_header_name': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nX@Y: v\r\n\r\n'),
    'nul_in_header_name': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nX\x00Y: v\r\n\r\n'),
    'space_before_colon': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nX : v\r\n\r\n'),
    'empty_header_name': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n'),
    'obs_fold': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n'),
    # header values
    'ctl_in_header_value': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nX: a\x01b\r\n\r\n'),
    'nul_in_header_value': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n'),
    'del_in_header_value': ('HPE_INVALID_HEADER_TOKEN', b'GET / HTTP/1.1\r\nHost: x\r\nX: a\x7fb\r\n\r\n'),
    'cr_in_header_value': ('HPE_LF_EXPECTED', b'GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n'),
    # Content-Length / Transfer-Encoding
    'cl_then_te': ('HPE_INVALID_TRANSFER_ENCODING',
                   b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'),
    'te_then_cl': ('HPE_INVALID_CONTENT_LENGTH',
                   b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n'),
    'two_cl': ('HPE_UNEXPECTED_CONTENT_LENGTH',
               b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na'),
    'two_cl_differ': ('HPE_UNEXPECTED_CONTENT_LENGTH',
                      b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'),
    'cl_list': ('HPE_INVALID_CONTENT_LENGTH', b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\n\r\nab'),
    'bad_cl': ('HPE_INVALID_CONTENT_LENGTH', b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'),
    'cl_negative': ('HPE_INVALID_CONTENT_LENGTH', b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'),
    'cl_overflow': ('HPE_INVALID_CONTENT_LENGTH',
                    b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n'),
    'te_gzip': ('HPE_INVALID_TRANSFER_ENCODING', b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n'),
    'te_identity': ('HPE_INVALID_TRANSFER_ENCODING',
                    b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n'),
    'te_chunked_not_last': ('HPE_INVALID_TRANSFER_ENCODING',
                            b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'),
    'te_chunked_twice': ('HPE_INVALID_TRANSFER_ENCODING',
                         b'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n'
                         b'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n'),
}

# Node emits 'request' before the error for these: a body it cannot frame is
# found at headers-complete, after the request is out.
REQUEST_FIRST = {'te_gzip', 'te_identity'}

# Errors in a chunked body: 'request' first, then the error.
BAD_BODY = {
    'bad_chunk_size': ('HPE_INVALID_CHUNK_SIZE', _CHUNKED + b'zz\r\nab\r\n0\r\n\r\n'),
    'chunk_size_overflow': ('HPE_INVALID_CHUNK_SIZE', _CHUNKED + b'fffffffffffffffff\r\nab\r\n0\r\n\r\n'),
    'chunk_size_negative': ('HPE_INVALID_CHUNK_SIZE', _CHUNKED + b'-2\r\nab\r\n0\r\n\r\n'),
    'chunk_size_empty': ('HPE_INVALID_CHUNK_SIZE', _CHUNKED + b'\r\nab\r\n0\r\n\r\n'),
    'chunk_size_trailing_space': ('HPE_INVALID_CHUNK_SIZE', _CHUNKED + b'2 \r\nab\r\n0\r\n\r\n'),
    'chunk_size_bare_lf': ('HPE_CR_EXPECTED', _CHUNKED + b'2\nab\r\n0\r\n\r\n'),
    'chunk_ext_ctl': ('HPE_STRICT', _CHUNKED + b'2;a\x01\r\nab\r\n0\r\n\r\n'),
    'chunk_no_crlf': ('HPE_STRICT', _CHUNKED + b'2\r\nabX0\r\n\r\n'),
    'bad_trailer_name': ('HPE_INVALID_HEADER_TOKEN', _CHUNKED + b'0\r\nBad Name: v\r\n\r\n'),
    'trailer_bare_lf': ('HPE_CR_EXPECTED', _CHUNKED + b'0\r\nX: v\n\r\n'),
}

# Odd but valid to Node (llhttp accepts them): the request goes through.
LENIENT = {
    'http09_version': b'GET / HTTP/0.9\r\nHost: x\r\n\r\n',
    'no_version': b'GET /\r\nHost: x\r\n\r\n',
    'double_space_request_line': b'GET  / HTTP/1.1\r\nHost: x\r\n\r\n',
    'empty_line_before_request': b'\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n',
    'te_gzip_then_chunked': b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
}


@pytest.mark.parametrize('name', sorted(BAD))
def test_bad_request_default_400(wire, name):
    r = wire.check(OK_JS, on_request(ok), BAD[name][1], timeout=2)
    assert r.status == [400] and r.closed


@pytest.mark.parametrize('name', sorted(BAD))
def test_bad_request_client_error_listener(wire, name):
    code, data = BAD[name]
    n = 2 if name in REQUEST_FIRST else 1
    r = wire.check(LISTEN_JS, listen_py, data, timeout=2, logs=n)
    assert len(r.logs) == n and r.logs[-1][0] == code


@pytest.mark.parametrize('name', sorted(BAD_BODY))
def test_bad_body_after_request(wire, name):
    r = wire.check(OK_JS, on_request(ok), BAD_BODY[name][1], timeout=2, until_close=True, logs=1)
    assert r.logs == ['request /c']


@pytest.mark.parametrize('name', sorted(BAD_BODY))
def test_bad_body_client_error_listener(wire, name):
    code, data = BAD_BODY[name]
    r = wire.check(LISTEN_JS, listen_py, data, timeout=2, until_close=True, logs=2)
    assert r.logs[0] == 'request /c' and r.logs[-1][0] == code


@pytest.mark.parametrize('name', sorted(LENIENT))
def test_lenient_request_accepted(wire, name):
    r = wire.check(SHOW_JS, on_request(show), LENIENT[name], timeout=2, logs=1)
    assert r.status == [200] and len(r.logs) == 1


def test_oversized_headers_431(wire):
    big = b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 17000 + b'\r\n\r\n'
    r = wire.check(OK_JS, on_request(ok), big, timeout=2)
    assert r.status == [431]


def test_oversized_url_431(wire):
    big = b'GET /' + b'a' * 17000 + b' HTTP/1.1\r\nHost: x\r\n\r\n'
    r = wire.check(OK_JS, on_request(ok), big, timeout=2)
    assert r.status == [431]


def test_header_size_boundary(wire):
    # Node counts url + names + values; the limit is reached at 16384
    ok_req = b'GET / HTTP/1.1\r\nHost: a\r\nX: ' + b'v' * 16376 + b'\r\n\r\n'
    over = b'GET / HTTP/1.1\r\nHost: a\r\nX: ' + b'v' * 16377 + b'\r\n\r\n'
    r1 = wire.check(OK_JS, on_request(ok), ok_req, timeout=2)
    r2 = wire.check(OK_JS, on_request(ok), over, timeout=2)
    assert r1.status == [200] and r2.status == [431]


def test_max_header_size_option(wire):
    req = b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 200 + b'\r\n\r\n'
    r = wire.check(OK_JS, on_request(ok), req, options={'maxHeaderSize': 100}, timeout=2)
    assert r.status == [431]


OVERSIZED = {
    'header_value': b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 17000 + b'\r\n\r\n',
    'url': b'GET /' + b'a' * 17000 + b' HTTP/1.1\r\nHost: x\r\n\r\n',
    'many_headers': b'GET / HTTP/1.1\r\nHost: x\r\n' + b''.join(b'h%d: v\r\n' % i for i in range(3000)) + b'\r\n',
}


@pytest.mark.parametrize('name', sorted(OVERSIZED))
def test_oversized_headers_client_error_code(wire, name):
    js = '''(server, log) => server.on('clientError', (err, socket) => { log(err.code); socket.destroy(); })'''

    def py(server, log):
        def ce(err, socket):
            log(err.code)
            socket.destroy()
        server.on('clientError', ce)
    r = wire.check(js, py, OVERSIZED[name], timeout=2, logs=1)
    assert r.logs == ['HPE_HEADER_OVERFLOW']


# err.bytesParsed of a header overflow: where Node's count reached the limit
# (the url's space, just past a name's colon or a value's CR)
# A 'clientError' listener that logs err.code and err.bytesParsed.
CODE_AND_BYTES_JS = '''(server, log) => server.on('clientError', (err, socket) => {
    log(err.code + ' ' + err.bytesParsed); socket.destroy(); })'''


def code_and_bytes_py(server, log):
    def ce(err, socket):
        log('%s %d' % (err.code, err.bytesParsed))
        socket.destroy()
    server.on('clientError', ce)


OVERSIZED_AT = {
    **OVERSIZED,
    'header_name': b'GET / HTTP/1.1\r\nHost: x\r\n' + b'N' * 17000 + b': v\r\n\r\n',
    'header_value_trailing_space': b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 17000
                                   + b'   \r\n\r\n',
    'after_empty_lines': b'\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 17000 + b'\r\n\r\n',
}


@pytest.mark.parametrize('name', sorted(OVERSIZED_AT))
def test_oversized_headers_bytes_parsed(wire, name):
    r = wire.check(CODE_AND_BYTES_JS, code_and_bytes_py, OVERSIZED_AT[name], timeout=2, logs=1)
    assert r.logs[0].startswith('HPE_HEADER_OVERFLOW ')


# An error in a value: llhttp hands Node the value as far as the error
# first, so a value that takes the head to the limit is HPE_HEADER_OVERFLOW
# (431), one byte less the error itself.  (url '/', 'Host', 'x', 'X': 7 bytes)
VALUE_THEN_ERROR = {
    'bad char, under': b'v' * 16376 + b'\x01\r\n\r\n',
    'bad char, at the limit': b'v' * 16377 + b'\x01\r\n\r\n',
    'spaces then bad char, under': b'v' * 16370 + b'      \x01\r\n\r\n',
    'spaces then bad char, at the limit': b'v' * 16371 + b'      \x01\r\n\r\n',
    'cr without lf, under': b'v' * 16376 + b'\r\r\n\r\n',
    'cr without lf, at the limit': b'v' * 16377 + b'\r\r\n\r\n',
}


# An error at the first byte of the next name: llhttp handed Node the
# field before it whole (its value's span ends at its CR), so a field that
# takes the head to the limit is HPE_HEADER_OVERFLOW there too
FIELD_THEN_BAD_NAME = {
    'bare lf, under': b'v' * 16376 + b'\r\n\nX: y\r\n\r\n',
    'bare lf, at the limit': b'v' * 16377 + b'\r\n\nX: y\r\n\r\n',
    'bad char, under': b'v' * 16376 + b'\r\n(X: y\r\n\r\n',
    'bad char, at the limit': b'v' * 16377 + b'\r\n(X: y\r\n\r\n',
    'bad char after a good one, at the limit': b'v' * 16377 + b'\r\nA(: y\r\n\r\n',
}


@pytest.mark.parametrize('name', sorted(FIELD_THEN_BAD_NAME))
def test_error_in_the_next_name_counts_the_field_before(wire, name):
    wire.check(CODE_AND_BYTES_JS, code_and_bytes_py,
               b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + FIELD_THEN_BAD_NAME[name], timeout=2, logs=1)


@pytest.mark.parametrize('name', sorted(VALUE_THEN_ERROR))
def test_error_in_a_value_counts_the_value_so_far(wire, name):
    wire.check(CODE_AND_BYTES_JS, code_and_bytes_py,
               b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + VALUE_THEN_ERROR[name], timeout=2, logs=1)


# A head in several packets: at each packet's end llhttp hands Node the span
# still open too (the url, a name, a value as far as it has come), so the
# head is over the limit in the packet where that count reaches it, before
# the span ends: clientError there, bytesParsed and rawPacket the packet's.
# The head never ends here: the error must not wait for it.
OPEN_SPAN_AT_PACKET_END = {
    'url': [b'GET /' + b'u' * 10000, b'u' * 10000],
    'name': [b'GET / HTTP/1.1\r\nHost: x\r\n' + b'N' * 10000, b'N' * 10000],
    'value': [b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 10000, b'a' * 10000],
    'value_in_one_packet': [b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 17000],
    'value_after_many_fields': [b'GET / HTTP/1.1\r\nHost: x\r\n' + b'Y: 12345678\r\n' * 1000,
                                b'X: ' + b'a' * 8000],
    'value_then_a_name': [b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 10000,
                          b'a' * 10000 + b'\r\nNext'],
}


@pytest.mark.parametrize('name', sorted(OPEN_SPAN_AT_PACKET_END))
def test_open_span_at_packet_end_counts_toward_the_header_limit(wire, name):
    js = '''(server, log) => server.on('clientError', (err, socket) => {
        log(err.code + ' ' + err.bytesParsed + ' ' + err.rawPacket.length); socket.destroy(); })'''

    def py(server, log):
        def ce(err, socket):
            log('%s %d %d' % (err.code, err.bytesParsed, len(err.rawPacket)))
            socket.destroy()
        server.on('clientError', ce)
    r = wire.check(js, py, OPEN_SPAN_AT_PACKET_END[name], timeout=2, logs=1)
    assert r.logs[0].startswith('HPE_HEADER_OVERFLOW ')


def test_open_value_over_the_limit_gets_431_at_once(wire):
    # (no clientError listener: Node's 431, and the connection closed)
    data = [b'GET / HTTP/1.1\r\nHost: x\r\nX: ' + b'a' * 10000, b'a' * 10000]
    r = wire.check(OK_JS, on_request(ok), data, timeout=2, until_close=True)
    assert r.status == [431] and r.closed


# Node's limit on chunk extensions (16 KiB per chunk: names and values, a
# quoted value with its quotes), which httptools parses and drops: the body
# before the chunk that passes it is read, then HPE_CHUNK_EXTENSIONS_OVERFLOW
# where the span that passed it ends, or at the packet's end for one still
# open; without a listener, 413.
CHUNKED = b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
# the body's chunks as they come, its end (with its trailers' count), or the error
BODY_AND_ERROR_JS = '''(server, log) => {
    server.on('clientError', (err, socket) => {
        log(err.code + ' ' + err.bytesParsed + ' ' + err.rawPacket.length); socket.destroy(); });
    server.on('request', (req, res) => {
        req.on('data', (d) => log('data ' + d.length));
        req.on('end', () => { log('end ' + req.rawTrailers.length); res.end('ok'); }); }); }'''


def body_and_error_py(server, log):
    def ce(err, socket):
        log('%s %d %d' % (err.code, err.bytesParsed, len(err.rawPacket)))
        socket.destroy()
    server.on('clientError', ce)

    def rq(req, res):
        req.on('data', lambda d: log('data %d' % len(d)))
        req.on('end', lambda: (log('end %d' % len(req.rawTrailers)), res.end('ok')))
    server.on('request', rq)


CHUNK_EXTENSIONS = {
    'in_one_packet': [CHUNKED + b'5;' + b'e' * 20000 + b'\r\nhello\r\n0\r\n\r\n'],
    'still_open_at_the_packet_end': [CHUNKED + b'5;' + b'e' * 10000, b'e' * 10000],
    'after_a_chunk_of_body': [CHUNKED + b'5\r\nhello\r\n3;' + b'e' * 20000 + b'\r\nabc\r\n0\r\n\r\n'],
    'head_in_its_own_packet': [CHUNKED, b'5;' + b'e' * 20000 + b'\r\nhello\r\n0\r\n\r\n'],
    'on_the_last_chunk': [CHUNKED + b'5\r\nhello\r\n0;' + b'e' * 16385 + b'\r\n\r\n'],
    'at_a_name_among_many': [CHUNKED + b'1' + b';x=y' * 8193 + b'\r\nx\r\n0\r\n\r\n'],
    'quoted_value': [CHUNKED + b'1;a="' + b'v' * 16382 + b'"\r\nx\r\n0\r\n\r\n'],
    'at_the_limit_is_fine': [CHUNKED + b'1;' + b'e' * 16384 + b'\r\nx\r\n0\r\n\r\n'],
    'per_chunk_not_per_message': [CHUNKED + b'1;' + b'e' * 9000 + b'\r\nx\r\n1;' + b'e' * 9000
                                  + b'\r\ny\r\n0\r\n\r\n'],
    'small_ones': [CHUNKED + b'5;a=b;c="d;e"\r\nhello\r\n0;x\r\n\r\n'],
}


@pytest.mark.parametrize('name', sorted(CHUNK_EXTENSIONS))
def test_chunk_extensions_limit(wire, name):
    wire.check(BODY_AND_ERROR_JS, body_and_error_py, CHUNK_EXTENSIONS[name], timeout=2,
               until_close=True)


# Trailers are held to maxHeaderSize as a head's fields are, span by span
# and at each packet's end (httptools would take in a trailer without end).
TRAILERS = {
    'value_in_one_packet': [CHUNKED + b'5\r\nhello\r\n0\r\nX-T: ' + b't' * 20000 + b'\r\n\r\n'],
    'value_still_open': [CHUNKED + b'5\r\nhello\r\n0\r\nX-T: ' + b't' * 10000, b't' * 10000],
    'name': [CHUNKED + b'5\r\nhello\r\n0\r\n' + b'N' * 20000 + b': v\r\n\r\n'],
    'many_then_open': [CHUNKED + b'5\r\nhello\r\n0\r\n' + b'Y: 12345678\r\n' * 1000,
                       b'X: ' + b'a' * 8000],
    'last_chunk_apart': [CHUNKED + b'5\r\nhello\r\n', b'0\r\nX-T: ' + b't' * 20000 + b'\r\n\r\n'],
    'below_the_limit': [CHUNKED + b'5\r\nhello\r\n0\r\nX-T: ' + b't' * 1000 + b'\r\n\r\n'],
}


@pytest.mark.parametrize('name', sorted(TRAILERS))
def test_trailers_count_toward_the_header_limit(wire, name):
    wire.check(BODY_AND_ERROR_JS, body_and_error_py, TRAILERS[name], timeout=2, until_close=True)


def test_chunk_extensions_over_the_limit_get_413(wire):
    data = [CHUNKED + b'5;' + b'e' * 10000, b'e' * 10000]
    r = wire.check(OK_JS, on_request(ok), data, timeout=2, until_close=True)
    assert r.status == [413] and r.closed


# Node counts the url with the fields against maxHeaderSize, field by field;
# nodehttp adds the url's share at the head's end and when llhttp fails.  An
# error after the point where url and fields reach the limit is an overflow,
# one before it is itself.
BIG_URL = b'GET /' + b'u' * 10000 + b' HTTP/1.1\r\nHost: x\r\n'
CROSSING = {
    'bad_field_after_the_limit': BIG_URL + b'X: ' + b'v' * 7000 + b'\r\nY: 1\r\nBad Field: 1\r\n\r\n',
    # (httptools hands a field over when the next one's name is done: the
    # field before an error in a name is counted from the raw head)
    'bad_field_right_after_the_limit': BIG_URL + b'X: ' + b'v' * 7000 + b'\r\nBad Field: 1\r\n\r\n',
    # an error in a value: the name before it is counted (it crosses, or not)
    'bad_value_after_a_name_that_crosses':
        BIG_URL + b'X: ' + b'v' * 6300 + b'\r\n' + b'Y' * 100 + b': bad\x01\r\n\r\n',
    'bad_value_after_a_name_just_below':
        BIG_URL + b'X: ' + b'v' * 6300 + b'\r\n' + b'Y' * 50 + b': bad\x01\r\n\r\n',
    'bad_field_before_the_limit': BIG_URL + b'Bad Field: 1\r\nX: ' + b'v' * 7000 + b'\r\n\r\n',
    'url_and_fields_reach_it': BIG_URL + b'X: ' + b'v' * 6376 + b'\r\n\r\n',
    'url_and_fields_just_below': BIG_URL + b'X: ' + b'v' * 6375 + b'\r\n\r\n',
}


@pytest.mark.parametrize('data', list(CROSSING.values()), ids=list(CROSSING))
def test_url_counts_toward_the_header_limit(wire, data):
    js = '''(server, log) => {
        server.on('clientError', (err, socket) => { log(err.code); socket.destroy(); });
        server.on('request', (req, res) => { log('request ' + req.url.length); res.end(); }); }'''

    def py(server, log):
        def ce(err, socket):
            log(err.code)
            socket.destroy()
        server.on('clientError', ce)
        server.on('request', lambda req, res: (log('request %d' % len(req.url)), res.end()))
    wire.check(js, py, data, timeout=2, logs=1)


def test_error_after_complete_request_in_same_packet(wire):
    data = b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nFOO / HTTP/1.1\r\n\r\n'
    r = wire.check(OK_JS, on_request(ok), data, timeout=2, until_close=True, logs=1)
    assert r.logs == ['request /1']


# Node runs its ticks after each body callback of its parser, also in the
# middle of a packet: the requests before a body there are answered (their
# 'end' comes in those ticks) before an error later in the same packet.
BODY_THEN_ERROR = {
    'content-length body': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                           b'POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\x01GET',
    'chunked body': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                    b'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
                    b'1\r\na\r\n1\r\nb\r\n0\r\n\r\n\x01GET',
    'two answered first': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n'
                          b'POST /3 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\x01GET',
    'own body then error': b'POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\x01GET',
    'no body before error': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n\x01GET',
    'http/1.0 close then more': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                                b'LINK /2 HTTP/1.0\r\nContent-Length: 3\r\n\r\nabcQUERY / HTTP/1.1\r\n',
    # the flush of header fields to JavaScript is a callback with ticks too:
    # a message's trailers, and a head's fields at the 32nd
    'trailers': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                b'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n\r\n\x01',
    'no trailers': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                   b'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n\x01',
    '32 fields': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n'
                 + b''.join(b'H%d: v\r\n' % i for i in range(31)) + b'\r\n\x01',
    '31 fields': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n'
                 + b''.join(b'H%d: v\r\n' % i for i in range(30)) + b'\r\n\x01',
    # after the first flush (trailers here), Node flushes at every head
    'every head after a flush': [b'POST /1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n\r\n',
                                 b'GET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n\x01'],
    'no flush before': [b'POST /1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
                        b'GET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n\x01'],
    'error past the 32nd field': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n'
                                 + b''.join(b'H%d: v\r\n' % i for i in range(31)) + b'Bad\x01: v\r\n\r\n',
    'error before the 32nd field': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n'
                                   + b''.join(b'H%d: v\r\n' % i for i in range(29)) + b'Bad\x01: v\r\n\r\n',
    'error in the 32nd name': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n'
                              + b''.join(b'H%d: v\r\n' % i for i in range(30)) + b'Bad\x01: v\r\n\r\n',
    'error in the 32nd value': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n'
                               + b''.join(b'H%d: v\r\n' % i for i in range(30)) + b'Bad: v\x01\r\n\r\n',
}


@pytest.mark.parametrize('name', sorted(BODY_THEN_ERROR))
def test_requests_before_a_body_are_answered_before_a_later_error(wire, name):
    # (no log of 'request': Node emits it for a pipelined request at once,
    # nodehttp when its turn comes -- docs/differences.md)
    js = handler_js('''req.resume(); req.on('end', () => res.end('ok ' + req.url));''')

    def py(req, res, log, s):
        req.resume()
        req.on('end', lambda: res.end('ok ' + req.url))
    wire.check(js, on_request(py), BODY_THEN_ERROR[name], timeout=2, until_close=True)


# A handler that answers at once: its response's head is out while Node's
# parser goes on through the packet, so an error there (with no body
# between, whose ticks would let the response finish) gets no 400.
ANSWERED_AT_ONCE = {
    'pipelined then error': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n\x01GET',
    'body between': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                    b'POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na\x01GET',
    'own body then error': b'POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na\x01GET',
    'after the close of http/1.0': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.0\r\n\r\n'
                                   b'GET /3 HTTP/1.1\r\n\r\n',
    'expectation failed': b'PUT /1 HTTP/1.1\r\nHost: x\r\nExpect: x\r\nTransfer-Encoding: chunked\r\n\r\n'
                          b'0\r\n\r\nGET /2 HTTP/1.0\r\n\r\nGET /3 HTTP/1.0\r\n\r\n',
    'own trailers then error': b'POST /1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
                               b'0\r\nX: y\r\n\r\n\x01GET',
    # after the first flush (trailers here), Node flushes at every head
    'every head after a flush': [b'POST /1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n\r\n',
                                 b'GET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n\x01'],
    'error past the 32nd field': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n'
                                 + b''.join(b'H%d: v\r\n' % i for i in range(31)) + b'Bad\x01: v\r\n\r\n',
    'trailers between': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                        b'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
                        b'0\r\nX: y\r\n\r\n\x01GET',
}


@pytest.mark.parametrize('name', sorted(ANSWERED_AT_ONCE))
def test_error_after_requests_answered_at_once(wire, name):
    js = handler_js('''res.end('ok ' + req.url);''')

    def py(req, res, log, s):
        res.end('ok ' + req.url)
    wire.check(js, on_request(py), ANSWERED_AT_ONCE[name], timeout=2, until_close=True)


def test_eof_in_a_body_after_requests_answered_at_once_gets_400(wire):
    # the peer's FIN comes after the packet's ticks: every response is over
    js = handler_js('''res.end('ok ' + req.url);''')

    def py(req, res, log, s):
        res.end('ok ' + req.url)
    r = wire.check(js, on_request(py), b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                   b'POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab',
                   timeout=2, until_close=True, shut_wr=True)
    assert r.raw.endswith(b'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')


# A CONNECT with no 'connect' listener: Node destroys the socket when its
# parser meets the head, before the ticks that would answer what came first.
CONNECT_LATER = {
    'answered at end': (OK_JS, ok, b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nCONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n'),
    'answered at once': (handler_js("res.end('ok');"), lambda req, res, log, s: res.end('ok'),
                         b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n'
                         b'CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n'),
    'body between': (OK_JS, ok, b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                                b'POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na'
                                b'CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n'),
}


@pytest.mark.parametrize('name', sorted(CONNECT_LATER))
def test_connect_nobody_takes_later_in_the_packet(wire, name):
    js, py, data = CONNECT_LATER[name]
    wire.check(js, on_request(py), data, timeout=2, until_close=True)


def test_error_in_same_packet_as_request_answered_at_once_gets_no_400(wire):
    # Node meets the error in the packet that brought the request, whose
    # handler has already sent the response's head: no 400, the connection closes
    js = handler_js('''log(req.url); res.end('ok');''')

    def py(req, res, log, s):
        log(req.url)
        res.end('ok')
    r = wire.check(js, on_request(py), b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nFOO / HTTP/1.1\r\n\r\n',
                   timeout=2, until_close=True, logs=1)
    assert r.raw.endswith(b'ok')


def test_error_after_answered_request_gets_400(wire):
    # Node answers 400 when no response is in flight, even if bytes were written before
    js = handler_js('''log(req.url); res.end('ok');''')

    def py(req, res, log, s):
        log(req.url)
        res.end('ok')
    r = wire.check(js, on_request(py), [b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n', b'FOO / HTTP/1.1\r\n\r\n'],
                   pause=0.1, timeout=2, until_close=True)
    assert r.raw.endswith(b'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')


def test_error_while_response_in_flight_after_head_sent(wire):
    js = handler_js('''log(req.url); res.write('part'); res.on('close', () => log('res close'));''')

    def py(req, res, log, s):
        log(req.url)
        res.write('part')
        res.on('close', lambda: log('res close'))
    wire.check(js, on_request(py), [b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n', b'FOO / HTTP/1.1\r\n\r\n'],
               pause=0.1, timeout=1, until_close=True, logs=2)


def test_client_error_listener_that_does_nothing_keeps_socket(wire):
    js = '''(server, log) => server.on('clientError', (err, socket) => { log(err.code);
        setTimeout(() => { socket.end('HTTP/1.1 418 Late\\r\\n\\r\\n'); }, 100); })'''

    def py(server, log):
        import threading

        def ce(err, socket):
            log(err.code)
            threading.Timer(0.1, lambda: socket.end('HTTP/1.1 418 Late\r\n\r\n')).start()
        server.on('clientError', ce)
    r = wire.check(js, py, b'FOO / HTTP/1.1\r\n\r\n', timeout=2, until_close=True, logs=1)
    assert r.raw.startswith(b'HTTP/1.1 418 Late')


def test_eof_mid_headers_no_response(wire):
    r = wire.check(OK_JS, on_request(ok), b'GET / HTTP/1.1\r\nHost: x\r\n', shut_wr=True,
                   timeout=2, until_close=True)
    assert r.closed


def test_eof_mid_headers_client_error(wire):
    js = '''(server, log) => server.on('clientError', (err, socket) => { log(err.code); socket.destroy(); })'''

    def py(server, log):
        def ce(err, socket):
            log(err.code)
            socket.destroy()
        server.on('clientError', ce)
    wire.check(js, py, b'GET / HTTP/1.1\r\nHost: x\r\n', shut_wr=True, timeout=2, until_close=True, logs=1)


@pytest.mark.parametrize('name', ['ctl_in_header_value', 'bare_lf_header', 'cl_then_te', 'te_then_cl',
                                  'bad_chunk_size_space'])
def test_insecure_http_parser_option(wire, name):
    data = BAD[name][1] if name in BAD else _CHUNKED + b'2 \r\nab\r\n0\r\n\r\n'
    wire.check(SHOW_JS, on_request(show), data, options={'insecureHTTPParser': True}, timeout=2, logs=1)


# insecureHTTPParser: a Transfer-Encoding that does not end in chunked is
# read to the end of the connection (llhttp's lenient mode), Content-Length
# or not; the peer's FIN completes the message ('end'), and Node has ended
# the socket by then, so the handler's answer goes nowhere.
EOF_BODY = {
    'gzip': b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabcdef',
    'chunked, gzip': b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\nabcdef',
    'gzip and content-length': b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n'
                               b'Content-Length: 3\r\n\r\nabcdef',
    'after a request': b'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'
                       b'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabcdef',
    'space before the colon': b'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : identity\r\n\r\nabcdef',
}


@pytest.mark.parametrize('name', sorted(EOF_BODY))
def test_insecure_parser_reads_a_body_to_the_end_of_the_connection(wire, name):
    js = handler_js('''let n = 0; req.on('data', (d) => { n += d.length; });
        req.on('end', () => { log(req.url + ' ' + n + ' ' + req.complete); res.end('ok'); });''')

    def py(req, res, log, s):
        n = [0]
        req.on('data', lambda d: n.__setitem__(0, n[0] + len(d)))
        req.on('end', lambda: (log('%s %d %s' % (req.url, n[0], 'true' if req.complete else 'false')),
                               res.end('ok')))
    wire.check(js, on_request(py), EOF_BODY[name], options={'insecureHTTPParser': True},
               timeout=2, shut_wr=True, until_close=True)
