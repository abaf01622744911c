"""The `uniqueHeaders` option of http.createServer() and http.request(), and
http.setMaxIdleHTTPParsers(), against Node itself (issue #4).

Node (lib/_http_outgoing.js, parseUniqueHeadersOption and processHeader):
the option is a list of header names, matched case-insensitively; a header
so named whose value is a list goes out as one line, the items joined with
'; ' (a one-item or empty list too).  A value that reaches the head as a
string is left alone: the pairs of a raw header list ['X-A', '1', 'X-A',
'2'] stay two lines.  Trailers (addTrailers) follow the same rule.  An
option that is not a list is ignored; a list item that is not a string is a
plain TypeError.  On the client, Node sets the option only after a head
stored at once (a raw header list, an Expect header), which is therefore not
joined.

- server: the same raw request goes to a Node server and a nodehttp server
  with the same handler and options (tests/_wire.py); the bytes must match;
- client: Node's http.request and nodehttp's make the same call to a raw
  server (tests/test_client_helpers.py), which records the bytes.
"""

import json
import threading

import pytest

from _wire import GET, handler_js, on_request
from test_client_helpers import RawServer, needs_node, run_node

import nodehttp as http

pytestmark = [pytest.mark.timeout(60), needs_node]

UNIQUE = ['x-a', 'X-B', 'set-cookie', 'COOKIE']


def _trailers(res):
    res.setHeader('Trailer', 'X-A, X-T')
    res.write('a')
    res.addTrailers({'X-A': ['1', '2'], 'X-T': ['3', '4'], 'X-E': [], 'X-O': ['9']})
    res.end()


def _joined_invalid(res):
    try:
        res.writeHead(200, {'X-A': ['1', 'a\nb']})
    except TypeError as err:
        res.writeHead(500, {'X-Err': err.code})
    res.end()


# name -> (JS handler body, Python handler(res))
SERVER = {
    'set_header_lists': (
        "res.setHeader('X-A', ['1', '2']); res.setHeader('X-B', ['3', '4']); res.setHeader('X-C', ['5', '6']); res.end('x');",
        lambda res: (res.setHeader('X-A', ['1', '2']), res.setHeader('X-B', ['3', '4']),
                     res.setHeader('X-C', ['5', '6']), res.end('x'))),
    'one_item_and_empty_lists': (
        "res.setHeader('X-A', ['1']); res.setHeader('X-B', []); res.setHeader('X-C', []); res.end();",
        lambda res: (res.setHeader('X-A', ['1']), res.setHeader('X-B', []), res.setHeader('X-C', []),
                     res.end())),
    'non_string_items': (
        "res.setHeader('X-A', [1, true, 2.5]); res.end();",
        lambda res: (res.setHeader('X-A', [1, True, 2.5]), res.end())),
    'append_header': (
        "res.appendHeader('x-a', '1'); res.appendHeader('X-A', ['2', '3']); res.end();",
        lambda res: (res.appendHeader('x-a', '1'), res.appendHeader('X-A', ['2', '3']), res.end())),
    'write_head_dict': (
        "res.writeHead(200, {'X-A': ['1', '2'], 'X-C': ['5', '6']}); res.end();",
        lambda res: (res.writeHead(200, {'X-A': ['1', '2'], 'X-C': ['5', '6']}), res.end())),
    'write_head_flat_list': (
        "res.writeHead(200, ['X-A', '1', 'X-A', '2', 'x-a', ['3', '4']]); res.end();",
        lambda res: (res.writeHead(200, ['X-A', '1', 'X-A', '2', 'x-a', ['3', '4']]), res.end())),
    'write_head_pairs': (
        "res.writeHead(200, [['X-A', '1'], ['X-A', ['2', '3']]]); res.end();",
        lambda res: (res.writeHead(200, [['X-A', '1'], ['X-A', ['2', '3']]]), res.end())),
    'write_head_over_set_header': (
        "res.setHeader('X-A', '0'); res.writeHead(200, ['X-A', ['1', '2'], 'X-C', 'c']); res.end();",
        lambda res: (res.setHeader('X-A', '0'), res.writeHead(200, ['X-A', ['1', '2'], 'X-C', 'c']),
                     res.end())),
    'set_cookie_and_cookie': (
        "res.setHeader('Set-Cookie', ['a=1', 'b=2']); res.setHeader('Cookie', ['c=1', 'd=2']); res.end();",
        lambda res: (res.setHeader('Set-Cookie', ['a=1', 'b=2']), res.setHeader('Cookie', ['c=1', 'd=2']),
                     res.end())),
    'trailers': (
        "res.setHeader('Trailer', 'X-A, X-T'); res.write('a');"
        " res.addTrailers({'X-A': ['1', '2'], 'X-T': ['3', '4'], 'X-E': [], 'X-O': ['9']}); res.end();",
        _trailers),
    'joined_value_is_validated': (
        "try { res.writeHead(200, {'X-A': ['1', 'a\\nb']}); } catch (e) { res.writeHead(500, {'X-Err': e.code}); }"
        " res.end();",
        _joined_invalid),
}


@pytest.mark.parametrize('options', [{'uniqueHeaders': UNIQUE}, {}], ids=['unique', 'unset'])
@pytest.mark.parametrize('name', list(SERVER))
def test_server_response_bytes_match_node(wire, name, options):
    js, py = SERVER[name]
    wire.check(handler_js(js), on_request(lambda req, res, log, server: py(res)), GET, options)


def test_server_option_not_a_list_is_ignored(wire):
    """Node: anything but an array is no option at all (no error)."""
    js, py = SERVER['set_header_lists']
    r = wire.check(handler_js(js), on_request(lambda req, res, log, server: py(res)), GET,
                   {'uniqueHeaders': 'x-a'})
    assert r.responses[0].header('x-a') == ['1', '2']


# name -> (JS statements using `opts` and `request` (http.request, exiting once the
# response has ended), Python function(opts) returning the ended request)
CLIENT = {
    'set_header_lists': (
        "const q = request(opts); q.setHeader('X-A', ['1', '2']); q.setHeader('X-C', ['3', '4']);"
        " q.setHeader('X-B', ['5']); q.end();",
        lambda opts: _calls(http.request(opts), [('setHeader', 'X-A', ['1', '2']),
                                                 ('setHeader', 'X-C', ['3', '4']),
                                                 ('setHeader', 'X-B', ['5'])])),
    'headers_option': (
        "opts.headers = {'X-A': ['1', '2'], 'x-b': [], 'X-C': ['3', '4']}; request(opts).end();",
        lambda opts: _calls(http.request(dict(opts, headers={'X-A': ['1', '2'], 'x-b': [],
                                                             'X-C': ['3', '4']})), [])),
    'append_header_and_cookie': (
        "const q = request(opts); q.appendHeader('x-a', '1'); q.appendHeader('X-A', ['2', '3']);"
        " q.setHeader('Cookie', ['c=1', 'd=2']); q.end();",
        lambda opts: _calls(http.request(opts), [('appendHeader', 'x-a', '1'),
                                                 ('appendHeader', 'X-A', ['2', '3']),
                                                 ('setHeader', 'Cookie', ['c=1', 'd=2'])])),
    'raw_header_list_not_joined': (
        "opts.headers = ['X-A', ['1', '2'], 'X-A', '3', 'Host', 'h']; request(opts).end();",
        lambda opts: _calls(http.request(dict(opts, headers=['X-A', ['1', '2'], 'X-A', '3', 'Host', 'h'])),
                            [])),
    'expect_head_stored_early_not_joined': (
        "opts.headers = {'Expect': 'x-early', 'X-A': ['1', '2']}; request(opts).end();",
        lambda opts: _calls(http.request(dict(opts, headers={'Expect': 'x-early', 'X-A': ['1', '2']})), [])),
    'option_not_a_list_ignored': (
        "opts.uniqueHeaders = 'x-a'; const q = request(opts); q.setHeader('X-A', ['1', '2']); q.end();",
        lambda opts: _calls(http.request(dict(opts, uniqueHeaders='x-a')), [('setHeader', 'X-A', ['1', '2'])])),
}


def _calls(req, calls):
    for method, name, value in calls:
        getattr(req, method)(name, value)
    req.end()
    return req


@pytest.mark.parametrize('name', list(CLIENT))
def test_client_request_bytes_match_node(name):
    js, py = CLIENT[name]
    srv = RawServer()
    try:
        run_node("const http = require('http'); const port = +process.env.PORT;"
                 " const opts = {host: '127.0.0.1', port, agent: false, uniqueHeaders: %s};"
                 " const request = (o) => { const q = http.request(o); q.on('response', (r) => {"
                 " r.resume(); r.on('end', () => process.exit(0)); }); return q; };"
                 % json.dumps(UNIQUE) + js, srv.port)
        node_bytes = srv.wait_requests(1)[0]
        done = threading.Event()
        req = py({'host': '127.0.0.1', 'port': srv.port, 'agent': False, 'uniqueHeaders': UNIQUE})
        req.on('response', lambda r: (r.resume(), r.on('end', done.set)))
        assert done.wait(5), 'no response'
        py_bytes = srv.wait_requests(2)[1]
    finally:
        srv.close()
    assert py_bytes == node_bytes


# -- option and argument checks ------------------------------------------------

_NODE_ERRORS = r'''
const http = require('http');
const out = {};
const one = (f) => { try { f(); return 'ok'; } catch (e) { return [e.name, e.code || null, e.message]; } };
out.server = %(unique)s.map((v) => one(() => http.createServer({uniqueHeaders: v})));
out.request = %(unique)s.map((v) => one(() => {
  const q = http.request({host: '127.0.0.1', port: 1, uniqueHeaders: v}); q.on('error', () => {}); q.destroy(); }));
out.parsers = [undefined, '1', 1.5, 0, -1, NaN, Infinity, 2 ** 53, true, 1, 100, 2.0].map(
  (v) => one(() => { if (http.setMaxIdleHTTPParsers(v) !== undefined) throw new Error('returned'); }));
out.interval = [undefined, -1, 1.5, '5', 0, 50].map((v) => one(() => http.createServer({connectionsCheckingInterval: v})));
console.log(JSON.stringify(out));
'''

_UNIQUE_VALUES = [('"x-a"', 'x-a'), ('5', 5), ('null', None), ('{}', {}), ('[5]', [5]), ('[null]', [None]),
                  ('["X-A", "b"]', ['X-A', 'b']), ('[]', [])]
_PARSER_VALUES = [None, '1', 1.5, 0, -1, float('nan'), float('inf'), 2 ** 53, True, 1, 100, 2.0]
_INTERVAL_VALUES = [None, -1, 1.5, '5', 0, 50]


def _one(fn):
    try:
        fn()
        return 'ok'
    except Exception as e:        # Node's error class: RangeError is a ValueError here
        name = 'RangeError' if isinstance(e, ValueError) else 'TypeError' if isinstance(e, TypeError) else 'Error'
        return [name, getattr(e, 'code', None), getattr(e, 'message', str(e))]


def _request(v):
    q = http.request({'host': '127.0.0.1', 'port': 1, 'uniqueHeaders': v})
    q.on('error', lambda e: None)
    q.destroy()


def _parsers(v):
    assert http.setMaxIdleHTTPParsers(v) is None


@pytest.fixture(scope='module')
def node_errors():
    js = _NODE_ERRORS % {'unique': '[' + ', '.join(j for j, _ in _UNIQUE_VALUES) + ']'}
    return json.loads(run_node(js))


def test_unique_headers_option_checks_match_node(node_errors):
    """Not a list: ignored; a list item not a string: TypeError (same message)."""
    assert [_one(lambda: http.createServer({'uniqueHeaders': v})) for _, v in _UNIQUE_VALUES] \
        == node_errors['server']
    assert [_one(lambda: _request(v)) for _, v in _UNIQUE_VALUES] == node_errors['request']


def test_set_max_idle_http_parsers_checks_match_node(node_errors):
    """An integer >= 1 (ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE otherwise); returns None."""
    assert [_one(lambda: _parsers(v)) for v in _PARSER_VALUES] == node_errors['parsers']


def test_connections_checking_interval_checks_match_node(node_errors):
    """Accepted (an integer >= 0) and kept on the server, unused."""
    assert [_one(lambda: http.createServer({'connectionsCheckingInterval': v})) for v in _INTERVAL_VALUES] \
        == node_errors['interval']
    assert http.createServer().connectionsCheckingInterval == 30000
    assert http.createServer(connectionsCheckingInterval=50).connectionsCheckingInterval == 50
