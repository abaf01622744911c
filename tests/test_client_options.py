"""http.request options and ClientRequest attributes, as Node has them."""

import threading
import urllib.parse

import pytest

import nodehttp as http
from nodehttp.client import urlToHttpOptions
from test_client_helpers import wait_until

pytestmark = pytest.mark.timeout(60)


def roundtrip(*args, **kw):
    ev = threading.Event()
    out = {}

    def cb(res):
        out['res'] = res
        res.resume()
        res.on('end', ev.set)

    req = http.get(*args, cb, **kw)
    req.on('error', lambda e: (out.__setitem__('err', e), ev.set()))
    assert ev.wait(5)
    if 'err' in out:
        raise out['err']
    return req, out['res']


def test_client_url_to_http_options_matches_node():
    assert urlToHttpOptions('http://us%40er:pw@[::1]:8080/p%20q/r?x=1 2#frag') == {
        'protocol': 'http:', 'hostname': '::1', 'hash': '#frag', 'search': '?x=1%202',
        'pathname': '/p%20q/r', 'path': '/p%20q/r?x=1%202',
        'href': 'http://us%40er:pw@[::1]:8080/p%20q/r?x=1 2#frag', 'port': 8080,
        'auth': 'us@er:pw'}
    assert urlToHttpOptions('http://Example.COM')['hostname'] == 'example.com'
    assert 'port' not in urlToHttpOptions('http://h:80/')
    assert urlToHttpOptions('http://h')['path'] == '/'


def test_client_urllib_parse_result_is_accepted(srv):
    req, res = roundtrip(urllib.parse.urlsplit(srv.url + '/split'))
    assert req.path == '/split' and res.statusCode == 200
    req, res = roundtrip(urllib.parse.urlparse(srv.url + '/parse'))
    assert req.path == '/parse'


def test_client_keyword_options(srv):
    req, res = roundtrip(port=srv.port, host='127.0.0.1', path='/kw')
    assert srv.requests[0].startswith(b'GET /kw HTTP/1.1\r\n')


def test_client_attributes(srv):
    req = http.request({'port': srv.port, 'hostname': '127.0.0.1', 'host': 'ignored',
                        'method': 'post', 'path': '/p'})
    assert (req.method, req.path, req.host, req.protocol) == ('POST', '/p', '127.0.0.1',
                                                              'http:')
    assert req.aborted is False and req.reusedSocket is False
    assert req.maxHeadersCount is None
    assert req.writableEnded is False
    req.setHeader('X-One', '1')
    assert req.getRawHeaderNames() == ['Host', 'X-One']
    assert req.getHeader('host') == '127.0.0.1:%d' % srv.port
    ev = threading.Event()
    req.on('response', lambda res: (res.resume(), res.on('end', ev.set)))
    req.end()
    assert req.writableEnded is True
    assert ev.wait(5)
    assert req.writableFinished is True
    assert req.socket is req.connection


def test_client_request_takes_attributes_of_its_own(srv):
    # Node's fields are slots (fast to read and write), yet a request still
    # takes any attribute, as a JS object does; so does a subclass's, which
    # may set its own before ClientRequest.__init__ runs
    class Traced(http.ClientRequest):
        def __init__(self, *args, **kw):
            self.trace = ['made']
            super().__init__(*args, **kw)

    ev = threading.Event()
    req = Traced(srv.url, lambda res: (res.resume(), res.on('end', ev.set)))
    req.user = 'ann'
    req.end()
    assert ev.wait(5)
    assert (req.trace, req.user, req.method, req.path) == (['made'], 'ann', 'GET', '/')
    assert {'trace', 'user'} <= set(vars(req))
    assert req.res.statusCode == 200 and req.writableFinished is True


def test_client_headers_sent_error_after_end(srv):
    req, res = roundtrip(srv.url)
    with pytest.raises(Exception) as ei:
        req.setHeader('X-Late', '1')
    assert ei.value.code == 'ERR_HTTP_HEADERS_SENT'


def test_client_socket_path(tmp_path):
    path = str(tmp_path / 'sock')
    server = http.createServer(lambda req, res: res.end('unix ' + req.headers['host']))
    server.listen(path)
    try:
        ev = threading.Event()
        out = {}
        http.get({'socketPath': path, 'path': '/'},
                 lambda res: (res.on('data', lambda d: out.__setitem__('b', d)),
                              res.on('end', ev.set)))
        assert ev.wait(5)
        assert out['b'] == b'unix localhost'
    finally:
        server.close()


def test_client_local_address(srv):
    req, res = roundtrip({'port': srv.port, 'host': '127.0.0.1', 'localAddress': '127.0.0.2',
                          'agent': False})
    assert srv.peers[0][0] == '127.0.0.2'


def test_client_lookup_option_node_style(srv):
    calls = []

    def lookup(hostname, options, cb):
        calls.append(hostname)
        cb(None, '127.0.0.1', 4)

    req, res = roundtrip({'port': srv.port, 'host': 'my.test', 'lookup': lookup,
                          'agent': False})
    assert calls == ['my.test']
    assert b'Host: my.test:%d' % srv.port in srv.requests[0]


def test_client_family_option(srv):
    req, res = roundtrip({'port': srv.port, 'host': 'localhost', 'family': 4, 'agent': False})
    assert res.statusCode == 200 and len(srv.conns) == 1


def test_client_max_headers_count(srv):
    srv.respond = lambda i, d: b'HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n\r\n'
    req = http.request(srv.url)
    req.maxHeadersCount = 2
    ev = threading.Event()
    out = {}
    req.on('response', lambda res: (out.__setitem__('h', res.headers), res.resume(), ev.set()))
    req.end()
    assert ev.wait(5)
    assert out['h'] == {'a': '1', 'b': '2'}


def test_client_join_duplicate_headers(srv):
    srv.respond = lambda i, d: (b'HTTP/1.1 200 OK\r\nUser-Agent: a\r\nUser-Agent: b\r\n'
                                b'Set-Cookie: x=1\r\nSet-Cookie: y=2\r\nContent-Length: 0\r\n\r\n')
    req, res = roundtrip(srv.url)
    assert res.headers['user-agent'] == 'a'
    assert res.headers['set-cookie'] == ['x=1', 'y=2']
    req, res = roundtrip(srv.url, {'joinDuplicateHeaders': True})
    assert res.headers['user-agent'] == 'a, b'


def test_client_create_connection_option(srv):
    made = []

    def create(options, cb):
        s = http.net.createConnection({'port': srv.port, 'host': '127.0.0.1'})
        made.append(s)
        return s

    req, res = roundtrip({'port': srv.port, 'host': '127.0.0.1', 'createConnection': create})
    assert made == [req.socket] and req.agent is None
    assert b'Connection: close' in srv.requests[0]


def test_client_create_connection_callback_error():
    def create(options, cb):
        cb(OSError('nope'))

    ev = threading.Event()
    out = {}
    req = http.get({'createConnection': create})
    req.on('error', lambda e: (out.__setitem__('e', e), ev.set()))
    assert ev.wait(5)
    assert str(out['e']) == 'nope'


def test_client_default_port_and_agent_default_port():
    agent = http.Agent()
    agent.defaultPort = 8080
    req = http.request({'host': 'h.invalid', 'port': 8080, 'agent': agent})
    assert req.getHeader('host') == 'h.invalid'
    req.on('error', lambda e: None)
    req.destroy()


def test_client_ipv6_host_header():
    req = http.request('http://[::1]:8081/')
    assert req.getHeader('host') == '[::1]:8081'
    assert req.host == '::1'
    req.on('error', lambda e: None)
    req.destroy()


def test_client_response_req_is_its_request(srv):
    seen = {}
    ev = threading.Event()

    def cb(res):
        seen['in_callback'] = res.req
        res.resume()
        res.on('end', lambda: (seen.__setitem__('at_end', res.req), ev.set()))

    req = http.get(srv.url, cb)
    assert ev.wait(5)
    assert seen['in_callback'] is req and seen['at_end'] is req
    assert req.res.req is req            # (held by the caller: still there)


def test_client_exchange_leaves_no_reference_cycle(srv):
    # a request and its response are freed when the exchange is over, with
    # no garbage collection pass (res.req is held weakly)
    import gc
    import weakref
    ev = threading.Event()
    refs = []

    def cb(res):
        refs.append(weakref.ref(res))
        res.resume()
        res.on('end', ev.set)

    agent = http.Agent(keepAlive=True)
    gc.disable()
    try:
        refs.append(weakref.ref(http.get(srv.url, cb, agent=agent)))
        assert ev.wait(5)
        assert wait_until(lambda: all(r() is None for r in refs))
    finally:
        gc.enable()
        agent.destroy()
