"""The bytes a ClientRequest puts on the wire are the bytes Node's
http.request sends for the same call (a raw server captures both)."""

import threading

import pytest

import nodehttp as http
from test_client_helpers import RawServer, needs_node, run_node

pytestmark = [pytest.mark.timeout(60), needs_node]

# name -> (JS statements using `port`, `done`; Python function(port, done))
SCENARIOS = {
    'get_url': (
        "http.get(`http://127.0.0.1:${port}/a?b=1`, r => { r.resume(); r.on('end', done); });",
        lambda port, done: http.get('http://127.0.0.1:%d/a?b=1' % port,
                                    lambda r: (r.resume(), r.on('end', done)))),
    'get_options': (
        "http.get({port, host: '127.0.0.1', path: '/x'}, r => { r.resume(); r.on('end', done); });",
        lambda port, done: http.get({'port': port, 'host': '127.0.0.1', 'path': '/x'},
                                    lambda r: (r.resume(), r.on('end', done)))),
    'agent_false': (
        "http.get({port, host: '127.0.0.1', agent: false}, r => { r.resume(); r.on('end', done); });",
        lambda port, done: http.get({'port': port, 'host': '127.0.0.1', 'agent': False},
                                    lambda r: (r.resume(), r.on('end', done)))),
    'post_end_data': (
        "const q = http.request({port, host: '127.0.0.1', method: 'POST'}, r => { r.resume(); r.on('end', done); }); q.end('abc');",
        lambda port, done: http.request({'port': port, 'host': '127.0.0.1', 'method': 'POST'},
                                        lambda r: (r.resume(), r.on('end', done))).end('abc')),
    'post_chunked': (
        "const q = http.request({port, host: '127.0.0.1', method: 'POST', headers: {'X-Case': 'Kept'}}, r => { r.resume(); r.on('end', done); }); q.write('ab'); q.write('cd'); q.end();",
        lambda port, done: _writes(http.request(
            {'port': port, 'host': '127.0.0.1', 'method': 'POST', 'headers': {'X-Case': 'Kept'}},
            lambda r: (r.resume(), r.on('end', done))), [b'ab', b'cd'])),
    'put_empty': (
        "const q = http.request({port, host: '127.0.0.1', method: 'put'}, r => { r.resume(); r.on('end', done); }); q.end();",
        lambda port, done: http.request({'port': port, 'host': '127.0.0.1', 'method': 'put'},
                                        lambda r: (r.resume(), r.on('end', done))).end()),
    'delete_with_body': (
        "const q = http.request({port, host: '127.0.0.1', method: 'DELETE'}, r => { r.resume(); r.on('end', done); }); q.end('x');",
        lambda port, done: http.request({'port': port, 'host': '127.0.0.1', 'method': 'DELETE'},
                                        lambda r: (r.resume(), r.on('end', done))).end('x')),
    'content_length_header': (
        "const q = http.request({port, host: '127.0.0.1', method: 'POST', headers: {'content-length': 4, 'Content-Type': 'text/plain'}}, r => { r.resume(); r.on('end', done); }); q.write('ab'); q.end('cd');",
        lambda port, done: _writes(http.request(
            {'port': port, 'host': '127.0.0.1', 'method': 'POST',
             'headers': {'content-length': 4, 'Content-Type': 'text/plain'}},
            lambda r: (r.resume(), r.on('end', done))), [b'ab'], b'cd')),
    'raw_header_list': (
        "http.get({port, host: '127.0.0.1', headers: ['X-A', '1', 'x-a', '2', 'Host', 'h.example']}, r => { r.resume(); r.on('end', done); });",
        lambda port, done: http.get({'port': port, 'host': '127.0.0.1',
                                     'headers': ['X-A', '1', 'x-a', '2', 'Host', 'h.example']},
                                    lambda r: (r.resume(), r.on('end', done)))),
    'auth_in_url': (
        "http.get(`http://us%40er:p%3Ass@127.0.0.1:${port}/`, r => { r.resume(); r.on('end', done); });",
        lambda port, done: http.get('http://us%%40er:p%%3Ass@127.0.0.1:%d/' % port,
                                    lambda r: (r.resume(), r.on('end', done)))),
    'auth_option_and_set_host_false': (
        "http.get({port, host: '127.0.0.1', auth: 'a:b', setHost: false}, r => { r.resume(); r.on('end', done); });",
        lambda port, done: http.get({'port': port, 'host': '127.0.0.1', 'auth': 'a:b',
                                     'setHost': False},
                                    lambda r: (r.resume(), r.on('end', done)))),
    'url_plus_options': (
        "http.get(`http://127.0.0.1:${port}/u`, {headers: {'User-Agent': 'ua'}}, r => { r.resume(); r.on('end', done); });",
        lambda port, done: http.get('http://127.0.0.1:%d/u' % port,
                                    {'headers': {'User-Agent': 'ua'}},
                                    lambda r: (r.resume(), r.on('end', done)))),
    'head_request': (
        "const q = http.request({port, host: '127.0.0.1', method: 'HEAD'}, r => { r.resume(); r.on('end', done); }); q.end();",
        lambda port, done: http.request({'port': port, 'host': '127.0.0.1', 'method': 'HEAD'},
                                        lambda r: (r.resume(), r.on('end', done))).end()),
    'set_header_array_and_cookie': (
        "const q = http.request({port, host: '127.0.0.1'}, r => { r.resume(); r.on('end', done); }); q.setHeader('Cookie', ['a=1', 'b=2']); q.setHeader('X-Multi', ['1', '2']); q.end();",
        lambda port, done: _set_and_end(http.request(
            {'port': port, 'host': '127.0.0.1'}, lambda r: (r.resume(), r.on('end', done))))),
    'flush_headers_then_end': (
        "const q = http.request({port, host: '127.0.0.1', method: 'POST'}, r => { r.resume(); r.on('end', done); }); q.flushHeaders(); q.end('z');",
        lambda port, done: _flush_end(http.request(
            {'port': port, 'host': '127.0.0.1', 'method': 'POST'},
            lambda r: (r.resume(), r.on('end', done))))),
    'unusual_default_port': (
        "http.get({port: 80, host: '127.0.0.1', defaultPort: 81, createConnection: (o) => require('net').createConnection({port: " + "port, host: '127.0.0.1'})}, r => { r.resume(); r.on('end', done); });",
        None),
}


def _writes(req, chunks, last=None):
    for c in chunks:
        req.write(c)
    req.end(last)
    return req


def _set_and_end(req):
    req.setHeader('Cookie', ['a=1', 'b=2'])
    req.setHeader('X-Multi', ['1', '2'])
    req.end()


def _flush_end(req):
    req.flushHeaders()
    req.end('z')


def _capture(name):
    js, py = SCENARIOS[name]
    srv = RawServer()
    try:
        run_node("const http = require('http'); const port = +process.env.PORT; "
                 "const done = () => process.exit(0); " + js, srv.port)
        node_bytes = srv.wait_requests(1)[0]
        ev = threading.Event()
        py(srv.port, lambda *a: ev.set())
        assert ev.wait(5), 'no response'
        py_bytes = srv.wait_requests(2)[1]
        return node_bytes, py_bytes
    finally:
        srv.close()


@pytest.mark.parametrize('name', [n for n, (js, py) in SCENARIOS.items() if py is not None])
def test_client_request_bytes_match_node(name):
    node_bytes, py_bytes = _capture(name)
    assert py_bytes == node_bytes


def test_client_get_sends_no_body_framing():
    """A GET ended with end() has neither Content-Length nor Transfer-Encoding."""
    srv = RawServer()
    try:
        ev = threading.Event()
        http.get(srv.url + '/', lambda r: (r.resume(), r.on('end', lambda: ev.set())))
        assert ev.wait(5)
        data = srv.wait_requests(1)[0]
        assert data == ('GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: keep-alive\r\n\r\n'
                        % srv.port).encode()
    finally:
        srv.close()
