"""The http module surface: createServer forms, METHODS, STATUS_CODES, maxHeaderSize."""

import json
import shutil
import subprocess

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


def test_create_server_forms():
    f = lambda req, res: None  # noqa: E731
    s1 = http.createServer(f)
    s2 = http.createServer({'keepAliveTimeout': 10}, f)
    s3 = http.createServer()
    assert isinstance(s1, http.Server) and isinstance(s2, http.Server) and isinstance(s3, http.Server)
    assert f in s1.listeners('request') and f in s2.listeners('request')
    assert s3.listenerCount('request') == 0


def test_server_defaults_match_node():
    s = http.createServer()
    assert s.keepAliveTimeout == 5000
    assert s.headersTimeout == 60000
    assert s.requestTimeout == 300000
    assert s.timeout == 0
    assert s.maxRequestsPerSocket == 0


def test_max_header_size_constant():
    assert http.maxHeaderSize == 16384


@pytest.mark.skipif(shutil.which('node') is None, reason='node is not installed')
def test_methods_and_status_codes_match_node():
    out = subprocess.run(['node', '-e', 'const h = require("http"); console.log(JSON.stringify('
                          '{m: h.METHODS, s: h.STATUS_CODES, x: h.maxHeaderSize}))'],
                         capture_output=True, check=True, timeout=20).stdout
    ref = json.loads(out)
    assert list(http.METHODS) == ref['m']
    assert {str(k): v for k, v in http.STATUS_CODES.items()} == ref['s']
    assert http.maxHeaderSize == ref['x']


def test_custom_incoming_message_and_server_response_classes():
    import socket
    import threading

    class MyReq(http.IncomingMessage):
        pass

    class MyRes(http.ServerResponse):
        pass
    seen = []
    ev = threading.Event()

    def handler(req, res):
        seen.append((type(req).__name__, type(res).__name__))
        res.end()
        ev.set()
    srv = http.createServer({'IncomingMessage': MyReq, 'ServerResponse': MyRes}, handler)
    srv.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', srv.address()['port']))
        s.sendall(b'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
        assert ev.wait(5)
        assert seen == [('MyReq', 'MyRes')]
        s.close()
    finally:
        srv.closeAllConnections()
        srv.close()


def _one_request(srv, raw=b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'):
    import socket
    srv.listen(0, '127.0.0.1')
    try:
        s = socket.create_connection(('127.0.0.1', srv.address()['port']))
        s.settimeout(5)
        s.sendall(raw)
        data = b''
        while b'\r\n\r\n' not in data:
            data += s.recv(4096)
        s.close()
        return data
    finally:
        srv.closeAllConnections()
        srv.close()


def test_server_subclass_emit_sees_request():
    # Node code overrides emit to watch every event; 'request' goes through it
    seen = []

    class Watched(http.Server):
        def emit(self, event, *args):
            seen.append(event)
            return super().emit(event, *args)
    srv = Watched(lambda req, res: res.end('ok'))
    assert _one_request(srv).startswith(b'HTTP/1.1 200 OK')
    assert 'request' in seen


def test_server_emit_replaced_on_instance_sees_request():
    srv = http.createServer(lambda req, res: res.end('ok'))
    seen = []
    plain = srv.emit

    def emit(event, *args):
        seen.append(event)
        return plain(event, *args)
    srv.emit = emit
    assert _one_request(srv).startswith(b'HTTP/1.1 200 OK')
    assert 'request' in seen


def test_request_listeners_run_in_order():
    calls = []
    srv = http.createServer(lambda req, res: calls.append(1))
    srv.on('request', lambda req, res: (calls.append(2), res.end('ok')))
    assert _one_request(srv).startswith(b'HTTP/1.1 200 OK')
    assert calls == [1, 2]


def test_once_request_listener_runs_once():
    # (a lone once() listener is called directly too: it must still go)
    calls = []
    srv = http.createServer()
    srv.once('request', lambda req, res: (calls.append('once'), res.end('ok')))
    assert _one_request(srv).startswith(b'HTTP/1.1 200 OK')
    assert calls == ['once'] and srv.listenerCount('request') == 0
