"""The client against real servers: Node's http server and the stdlib's
http.server, with every way of reading a response body."""

import hashlib
import http.server as stdlib_server
import subprocess
import threading
import time

import pytest

import nodehttp as http  # noqa: E402 (after stdlib http.server)
from test_client_helpers import NODE, wait_until

pytestmark = pytest.mark.timeout(60)

NODE_SERVER = r'''
const http = require('http'), crypto = require('crypto');
const big = Buffer.alloc(1 << 20, 'x');
const srv = http.createServer((req, res) => {
  if (req.url === '/echo') {
    const h = crypto.createHash('sha256'); let n = 0;
    req.on('data', d => { h.update(d); n += d.length; });
    req.on('end', () => res.end(JSON.stringify({n, sha: h.digest('hex'),
                                                te: req.headers['transfer-encoding'] || null,
                                                cl: req.headers['content-length'] || null})));
  } else if (req.url === '/big') {
    res.end(big);
  } else if (req.url === '/chunked') {
    res.write('a'); res.write('bc'); setTimeout(() => res.end('def'), 10);
  } else if (req.url === '/trailers') {
    res.writeHead(200, {'Trailer': 'X-Sum'}); res.write('ab'); res.addTrailers({'X-Sum': '42'}); res.end();
  } else if (req.url === '/close') {
    res.setHeader('Connection', 'close'); res.end('bye');
  } else if (req.url === '/continue') {
    res.end('got ' + req.headers.expect);
  } else {
    res.setHeader('X-Url', req.url); res.end('hello');
  }
});
srv.on('checkContinue', (req, res) => { res.writeContinue(); srv.emit('request', req, res); });
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
'''


@pytest.fixture(scope='module')
def node_port():
    if NODE is None:
        pytest.skip('node is not installed')
    p = subprocess.Popen([NODE, '-e', NODE_SERVER], stdout=subprocess.PIPE, text=True)
    port = int(p.stdout.readline())
    yield port
    p.kill()
    p.wait()


class _Handler(stdlib_server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_GET(self):
        body = ('stdlib ' + self.path).encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0))
        body = self.rfile.read(n)
        self.send_response(201)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture(scope='module')
def stdlib_port():
    srv = stdlib_server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def fetch(url_or_opts, body=None, mode='data', **kw):
    """Makes a request; returns (res, bytes) read in the given mode."""
    out = {}
    ev = threading.Event()

    def on_response(res):
        out['res'] = res
        chunks = []
        if mode == 'data':
            res.on('data', chunks.append)
            res.on('end', lambda: (out.__setitem__('body', b''.join(chunks)), ev.set()))
        elif mode == 'main':
            ev.set()

    req = http.request(url_or_opts, on_response, **kw)
    req.on('error', lambda e: (out.__setitem__('error', e), ev.set()))
    if body is not None:
        for b in body:
            req.write(b)
    req.end()
    assert ev.wait(10), 'no response'
    if 'error' in out:
        raise out['error']
    return out['res'], out.get('body')


def test_client_node_server_get(node_port):
    res, body = fetch('http://127.0.0.1:%d/x?y=1' % node_port)
    assert res.statusCode == 200
    assert res.headers['x-url'] == '/x?y=1'
    assert body == b'hello'
    assert res.complete


def test_client_node_server_big_body_by_data(node_port):
    res, body = fetch('http://127.0.0.1:%d/big' % node_port)
    assert body == b'x' * (1 << 20)


def test_client_node_server_big_body_by_iteration_on_main_thread(node_port):
    res, _ = fetch('http://127.0.0.1:%d/big' % node_port, mode='main')
    got = b''.join(res)
    assert got == b'x' * (1 << 20)


def test_client_node_server_big_body_by_read_on_main_thread(node_port):
    res, _ = fetch('http://127.0.0.1:%d/big' % node_port, mode='main')
    ended = threading.Event()
    res.on('end', lambda: ended.set())
    parts = []
    while not ended.is_set():
        c = res.read()
        if c:
            parts.append(c)
        else:
            # (a wait: this thread's tick ends, and the 'end' that a read()
            # at the end brings comes, as on Node's next tick)
            ended.wait(0.05)
    assert b''.join(parts) == b'x' * (1 << 20)


def test_client_iteration_inside_response_callback(node_port):
    out = {}
    ev = threading.Event()

    def cb(res):
        out['body'] = b''.join(res)       # reads the socket on its own thread
        ev.set()

    http.get('http://127.0.0.1:%d/big' % node_port, cb)
    assert ev.wait(10)
    assert len(out['body']) == 1 << 20


def test_client_chunked_response(node_port):
    res, body = fetch('http://127.0.0.1:%d/chunked' % node_port)
    assert body == b'abcdef'
    assert res.headers['transfer-encoding'] == 'chunked'


def test_client_response_trailers(node_port):
    res, body = fetch('http://127.0.0.1:%d/trailers' % node_port)
    assert body == b'ab'
    assert res.trailers == {'x-sum': '42'}
    assert res.rawTrailers == ['X-Sum', '42']


def test_client_post_large_chunked_body_to_node(node_port):
    chunk = b'y' * 65536
    res, body = fetch({'port': node_port, 'host': '127.0.0.1', 'path': '/echo',
                       'method': 'POST'}, body=[chunk] * 32)
    import json
    info = json.loads(body)
    assert info['n'] == 32 * 65536
    assert info['sha'] == hashlib.sha256(chunk * 32).hexdigest()
    assert info['te'] == 'chunked' and info['cl'] is None


def test_client_connection_close_response_destroys_socket(node_port):
    agent = http.Agent(keepAlive=True)
    res, body = fetch({'port': node_port, 'host': '127.0.0.1', 'path': '/close', 'agent': agent})
    assert body == b'bye'
    assert wait_until(lambda: not agent.freeSockets and not agent.sockets)


def test_client_expect_continue_with_node(node_port):
    ev = threading.Event()
    out = {}
    req = http.request({'port': node_port, 'host': '127.0.0.1', 'path': '/continue',
                        'method': 'POST', 'headers': {'Expect': '100-continue'}})
    req.on('continue', lambda: (out.setdefault('continue', True), req.end('body')))
    req.on('response', lambda res: (res.setEncoding('latin1'),
                                    res.on('data', lambda d: out.__setitem__('body', d)),
                                    res.on('end', lambda: ev.set())))
    assert ev.wait(10)
    assert out == {'continue': True, 'body': 'got 100-continue'}


def test_client_keep_alive_reuses_one_socket_with_node(node_port):
    agent = http.Agent(keepAlive=True)
    seen = set()
    for i in range(5):
        res, body = fetch({'port': node_port, 'host': '127.0.0.1', 'path': '/%d' % i,
                           'agent': agent})
        assert body == b'hello'
        seen.add(res.socket and id(res.socket))
        wait_until(lambda: agent.freeSockets)
    assert sum(len(v) for v in agent.freeSockets.values()) == 1
    agent.destroy()


def test_client_stdlib_server_get_and_post(stdlib_port):
    res, body = fetch('http://127.0.0.1:%d/q' % stdlib_port)
    assert (res.statusCode, body) == (200, b'stdlib /q')
    req_body = b'payload'
    out = {}
    ev = threading.Event()
    req = http.request({'port': stdlib_port, 'host': '127.0.0.1', 'method': 'POST',
                        'headers': {'Content-Length': len(req_body)}},
                       lambda r: (out.__setitem__('status', r.statusCode),
                                  r.on('data', lambda d: out.__setitem__('body', d)),
                                  r.on('end', lambda: ev.set())))
    req.end(req_body)
    assert ev.wait(10)
    assert out == {'status': 201, 'body': b'payload'}


def test_client_stdlib_server_http10_eof_body():
    """An HTTP/1.0 server ending the body at EOF: 'end', complete."""

    class H(_Handler):
        protocol_version = 'HTTP/1.0'

        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'until eof')

    srv = stdlib_server.ThreadingHTTPServer(('127.0.0.1', 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        res, body = fetch('http://127.0.0.1:%d/' % srv.server_address[1])
        assert body == b'until eof'
        assert res.complete and res.httpVersion == '1.0'
    finally:
        srv.shutdown()
        srv.server_close()


def test_client_nodehttp_server_roundtrip():
    srv = http.createServer(lambda req, res: res.end('nodehttp ' + req.method))
    srv.listen(0, '127.0.0.1')
    try:
        res, body = fetch({'port': srv.address()['port'], 'host': '127.0.0.1',
                           'method': 'PATCH'})
        assert body == b'nodehttp PATCH'
    finally:
        srv.close()
        time.sleep(0.05)
