"""Client errors carry Node's codes: thrown at once for bad arguments,
emitted as 'error' on the request for I/O and parse failures."""

import socket
import threading

import pytest

import nodehttp as http
from nodehttp import errors
from test_client_helpers import CLOSE, RawServer

pytestmark = pytest.mark.timeout(60)


def error_of(*args, **kw):
    """Makes a GET and returns the error its 'error' event got."""
    ev = threading.Event()
    out = {}
    req = http.get(*args, **kw)
    req.on('error', lambda e: (out.__setitem__('e', e), ev.set()))
    req.on('close', lambda: out.__setitem__('closed', True))
    assert ev.wait(10), 'no error'
    return out['e']


def test_client_econnrefused():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    e = error_of({'port': port, 'host': '127.0.0.1'})
    assert e.code == 'ECONNREFUSED'
    assert isinstance(e, ConnectionRefusedError)
    assert str(e) == 'connect ECONNREFUSED 127.0.0.1:%d' % port


def test_client_enotfound():
    e = error_of('http://nonexistent.invalid/')
    assert e.code == 'ENOTFOUND'
    assert e.hostname == 'nonexistent.invalid'


def test_client_parse_error_code():
    srv = RawServer(respond=lambda i, d: b'HTTP/1.1 abc OK\r\n\r\n')
    try:
        e = error_of(srv.url)
        assert e.code == 'HPE_INVALID_STATUS'
        assert str(e) == 'Parse Error: Invalid status code'
    finally:
        srv.close()


def test_client_header_overflow():
    big = b'X-Big: ' + b'a' * 20000 + b'\r\n'
    srv = RawServer(respond=lambda i, d: b'HTTP/1.1 200 OK\r\n' + big + b'\r\n')
    try:
        assert error_of(srv.url).code == 'HPE_HEADER_OVERFLOW'
    finally:
        srv.close()


def test_client_max_header_size_option_allows_bigger_heads():
    big = b'X-Big: ' + b'a' * 20000 + b'\r\n'
    srv = RawServer(respond=lambda i, d: b'HTTP/1.1 200 OK\r\n' + big +
                    b'Content-Length: 0\r\n\r\n')
    try:
        ev = threading.Event()
        out = {}
        http.get(srv.url, {'maxHeaderSize': 65536},
                 lambda res: (out.__setitem__('len', len(res.headers['x-big'])),
                              res.resume(), ev.set()))
        assert ev.wait(5)
        assert out['len'] == 20000
    finally:
        srv.close()


def test_client_insecure_parser_accepts_bare_lf():
    srv = RawServer(respond=lambda i, d: b'HTTP/1.1 200 OK\nContent-Length: 2\n\nok')
    try:
        assert error_of(srv.url).code.startswith('HPE_')
        ev = threading.Event()
        out = {}
        http.get(srv.url, {'insecureHTTPParser': True},
                 lambda res: (out.__setitem__('s', res.statusCode), res.resume(), ev.set()))
        assert ev.wait(5)
        assert out['s'] == 200
    finally:
        srv.close()


def test_client_socket_hang_up_before_response():
    srv = RawServer(respond=lambda i, d: CLOSE)
    try:
        e = error_of(srv.url)
        assert e.code == 'ECONNRESET' and str(e) == 'socket hang up'
    finally:
        srv.close()


def test_client_connect_timeout_is_etimedout():
    """A listener whose accept queue is full never completes the handshake."""
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(0)
    port = ls.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):
            f = socket.socket()
            f.setblocking(False)
            try:
                f.connect(('127.0.0.1', port))
            except BlockingIOError:
                pass
            fillers.append(f)
        e = error_of({'port': port, 'host': '127.0.0.1', 'timeout': 300, 'agent': False})
        assert e.code == 'ETIMEDOUT'
    finally:
        for f in fillers:
            f.close()
        ls.close()


def test_client_invalid_protocol_raises():
    with pytest.raises(TypeError) as ei:
        http.request('https://127.0.0.1/')
    assert ei.value.code == 'ERR_INVALID_PROTOCOL'
    assert str(ei.value) == 'Protocol "https:" not supported. Expected "http:"'


def test_client_unescaped_path_raises():
    with pytest.raises(TypeError) as ei:
        http.request({'path': '/a b'})
    assert ei.value.code == 'ERR_UNESCAPED_CHARACTERS'
    assert str(ei.value) == 'Request path contains unescaped characters'


def test_client_invalid_method_raises():
    with pytest.raises(TypeError) as ei:
        http.request({'method': 'GE T'})
    assert ei.value.code == 'ERR_INVALID_HTTP_TOKEN'


def test_client_invalid_url_raises():
    with pytest.raises(TypeError) as ei:
        http.request('not a url')
    assert ei.value.code == 'ERR_INVALID_URL'


def test_client_invalid_agent_raises():
    with pytest.raises(TypeError) as ei:
        http.request({'agent': 42})
    assert ei.value.code == 'ERR_INVALID_ARG_TYPE'


def test_client_invalid_header_raises():
    with pytest.raises(TypeError) as ei:
        http.request({'headers': {'X-Bad': 'a\r\nb'}})
    assert ei.value.code == 'ERR_INVALID_CHAR'


def test_client_error_codes_are_node_errors():
    e = errors.conn_reset('socket hang up')
    assert isinstance(e, errors.NodeError) and isinstance(e, ConnectionResetError)


def test_client_write_after_end_errors():
    srv = RawServer()
    try:
        ev = threading.Event()
        out = {}
        req = http.request(srv.url, {'method': 'POST'}, lambda res: res.resume())
        req.on('error', lambda e: (out.__setitem__('e', e), ev.set()))
        req.end('x')
        req.write('y')
        assert ev.wait(5)
        assert out['e'].code == 'ERR_STREAM_WRITE_AFTER_END'
    finally:
        srv.close()
