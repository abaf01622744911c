"""A request's and its response's events come in Node's order, with Node's
error codes, for the ways a response can go (a raw server scripts each).

The Python twin attaches its listeners from the main thread after
http.get() returns, as the JS does; the socket's thread must not get ahead of
it (Node: nothing fires before the running code returns to the loop; here:
before the main thread waits, nodehttp/_foreign.py).  The `spin` variant
makes that window long -- the main thread computes between two listeners
without waiting, which used to lose 'close', 'continue' and 'information' --
so the order is checked deterministically, not only under load.
"""

import threading
import time

import pytest

import nodehttp as http
from test_client_helpers import CLOSE, RawServer, needs_node, run_node, spin as _spin

pytestmark = [pytest.mark.timeout(60), needs_node]

RESPONSES = {
    'complete': [b'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc'],
    'truncated_body': [b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc', CLOSE],
    'truncated_chunked': [b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n', CLOSE],
    'eof_in_head': [b'HTTP/1.1 200 OK\r\nContent-Le', CLOSE],
    'eof_before_head': [CLOSE],
    'eof_delimited_body': [b'HTTP/1.1 200 OK\r\n\r\nabcdef', CLOSE],
    'parse_error': [b'HTTP/1.1 abc OK\r\n\r\n'],
    'informational': [b'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n'
                      b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'],
    'chunked_trailers': [b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
                         b'2\r\nab\r\n0\r\nX-T: 1\r\n\r\n'],
    'no_content': [b'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n'],
    'not_modified': [b'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n'],
    'connection_close': [b'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok', CLOSE],
    'abort': None,
    'destroy': None,
    'destroy_with_error': None,
}

JS = r'''
const http = require('http');
const port = +process.env.PORT, name = process.env.NAME;
const log = (...a) => console.log(a.join(' '));
const req = http.get({port, host: '127.0.0.1', agent: new http.Agent({keepAlive: true})});
for (const e of ['socket', 'response', 'abort', 'close', 'finish', 'error', 'continue', 'information']) {
  req.on(e, (a) => {
    log('req', e, e === 'error' ? a.code + '/' + a.message : e === 'information' ? a.statusCode : '');
    if (e === 'response') {
      const res = a;
      log('res', 'status', res.statusCode);
      for (const ev of ['data', 'end', 'aborted', 'error', 'close']) res.on(ev, (x) => log('res', ev,
          ev === 'error' ? x.code + '/' + x.message : ev === 'data' ? String(x) : '',
          'complete=' + res.complete, ev === 'end' ? JSON.stringify(res.trailers) : ''));
    }
  });
}
if (name === 'abort') setTimeout(() => req.abort(), 100);
if (name === 'destroy') setTimeout(() => req.destroy(), 100);
if (name === 'destroy_with_error') setTimeout(() => req.destroy(new Error('mine')), 100);
// exit shortly after the request's last event ('close'), or at a deadline
req.on('close', () => setTimeout(() => process.exit(0), 50));
setTimeout(() => process.exit(0), 5000);
'''


def _python(port, name, spin=0.0):
    lines = []
    lock = threading.Lock()

    def log(*a):
        with lock:
            lines.append(' '.join(str(x) for x in a))

    req = http.get({'port': port, 'host': '127.0.0.1', 'agent': http.Agent(keepAlive=True)})

    def on(e):
        def f(a=None):
            log('req', e, '%s/%s' % (a.code if hasattr(a, 'code') else type(a).__name__, a)
                if e == 'error' else a['statusCode'] if e == 'information' else '')
            if e == 'response':
                res = a
                log('res', 'status', res.statusCode)
                for ev in ('data', 'end', 'aborted', 'error', 'close'):
                    def g(x=None, ev=ev):
                        log('res', ev, ('%s/%s' % (x.code, x)) if ev == 'error'
                            else x.decode() if ev == 'data' else '',
                            'complete=' + ('true' if res.complete else 'false'),
                            _js_json(res.trailers) if ev == 'end' else '')
                    res.on(ev, g)
        return f

    for e in ('socket', 'response', 'abort', 'close', 'finish', 'error', 'continue',
              'information'):
        req.on(e, on(e))
        if spin:
            _spin(spin)
    if name in ('abort', 'destroy', 'destroy_with_error'):
        time.sleep(0.1)
        if name == 'abort':
            req.abort()
        elif name == 'destroy':
            req.destroy()
        else:
            req.destroy(Exception('mine'))
    closed = threading.Event()
    req.on('close', lambda *a: closed.set())
    closed.wait(5)                 # the request's last event, then a little grace
    time.sleep(0.05)
    with lock:
        return list(lines)


def _js_json(d):
    import json
    return json.dumps(d, separators=(',', ':'))


def _normalise(lines):
    out = []
    for line in lines:
        line = line.replace('Exception/mine', 'undefined/mine')
        out.append(line.rstrip())
    return out


_NODE_LINES = {}


def _node_lines(name, port):
    if name not in _NODE_LINES:
        _NODE_LINES[name] = _normalise(run_node(JS, port, env={'NAME': name}).splitlines())
    return _NODE_LINES[name]


@pytest.mark.parametrize('spin', [0.0, 0.005], ids=['plain', 'spin'])
@pytest.mark.parametrize('name', list(RESPONSES))
def test_client_events_match_node(name, spin):
    pieces = RESPONSES[name]
    srv = RawServer(respond=lambda i, data: pieces)
    try:
        node_lines = _node_lines(name, srv.port)
        py_lines = _normalise(_python(srv.port, name, spin))
    finally:
        srv.close()
    assert py_lines == node_lines
