"""nodehttp.errors: Node's coded errors, system errors and parser errors.

The conformance tests run the same errors in node (real API calls where one
throws synchronously, lib/internal/errors.js constructors otherwise) and
compare name, code and message with what our factories build.
"""

import errno
import json
import pickle
import shutil
import socket
import ssl
import subprocess

import httptools
import pytest

from nodehttp import errors

pytestmark = pytest.mark.timeout(30)

NODE = shutil.which('node')
needs_node = pytest.mark.skipif(NODE is None, reason='node is not installed')


def run_node(script, *args, internals=False):
    cmd = [NODE] + (['--expose-internals'] if internals else []) + ['-e', script, '--'] + list(args)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=True).stdout
    return json.loads(out)


def described(err):
    return [err.name, err.code, str(err)]


# --- bases -------------------------------------------------------------------

def test_str_of_an_error_is_nodes_message():
    err = errors.ERR_HTTP_HEADERS_SENT('set')
    assert str(err) == 'Cannot set headers after they are sent to the client'
    assert err.message == str(err)


def test_code_is_on_the_class_and_the_instance():
    assert errors.ERR_HTTP_HEADERS_SENT.code == 'ERR_HTTP_HEADERS_SENT'
    assert errors.ERR_HTTP_HEADERS_SENT('set').code == 'ERR_HTTP_HEADERS_SENT'


def test_node_type_error_is_a_python_type_error():
    err = errors.ERR_INVALID_HTTP_TOKEN('Header name', 'a b')
    assert isinstance(err, TypeError) and isinstance(err, errors.NodeError)
    assert err.name == 'TypeError'


def test_node_range_error_is_a_python_value_error():
    err = errors.ERR_HTTP_INVALID_STATUS_CODE(99)
    assert isinstance(err, ValueError) and isinstance(err, errors.NodeError)
    assert err.name == 'RangeError'


def test_node_plain_error_is_neither_type_nor_value_error():
    err = errors.ERR_STREAM_WRITE_AFTER_END()
    assert not isinstance(err, (TypeError, ValueError))
    assert err.name == 'Error'


def test_errors_can_be_caught_by_their_code_class():
    with pytest.raises(errors.ERR_HTTP_HEADERS_SENT):
        raise errors.ERR_HTTP_HEADERS_SENT('remove')


def test_template_factory_rejects_a_wrong_argument_count():
    with pytest.raises(TypeError, match='ERR_HTTP_HEADERS_SENT takes 1 argument'):
        errors.ERR_HTTP_HEADERS_SENT()


def test_extra_base_is_a_variant_on_the_class():
    err = errors.ERR_INVALID_ARG_VALUE.RangeError('x', 1)
    assert isinstance(err, ValueError) and not isinstance(err, TypeError)
    assert err.code == 'ERR_INVALID_ARG_VALUE'


def test_every_registered_code_is_exported_under_its_name():
    for code, cls in errors.CODES.items():
        assert getattr(errors, code) is cls
        assert code in errors.__all__


def test_coded_error_survives_pickle():
    err = errors.ERR_INVALID_URL('::nope')
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is errors.ERR_INVALID_URL
    assert (copy.code, str(copy), copy.input) == (err.code, str(err), '::nope')


def test_variant_error_survives_pickle():
    err = errors.ERR_INVALID_ARG_VALUE.RangeError('x', 1)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err) and str(copy) == str(err)


def test_invalid_url_keeps_the_input():
    err = errors.ERR_INVALID_URL('::nope', 'http://base/')
    assert (err.input, err.base) == ('::nope', 'http://base/')


def test_unhandled_error_keeps_the_value_as_context():
    value = {'a': 1}
    assert errors.ERR_UNHANDLED_ERROR(value).context is value


def test_unhandled_error_without_an_argument_has_the_short_message():
    assert str(errors.ERR_UNHANDLED_ERROR()) == 'Unhandled error.'


def test_abort_error_has_nodes_name_code_and_default_message():
    err = errors.AbortError()
    assert described(err) == ['AbortError', 'ABORT_ERR', 'The operation was aborted']


# --- JavaScript formatting ------------------------------------------------------

@pytest.mark.parametrize('value, text', [
    (1.0, '1'), (1e21, '1e+21'), (1.5e-7, '1.5e-7'), (1e16, '10000000000000000'),
    (0.001, '0.001'), (1e-6, '0.000001'), (0.1 + 0.2, '0.30000000000000004'),
    (float('nan'), 'NaN'), (float('-inf'), '-Infinity'), (-0.0, '0'), (10 ** 22, '1e+22'),
])
def test_js_number_formats_like_javascript_string(value, text):
    assert errors.js_number(value) == text


def test_js_string_shows_none_as_undefined_and_bools_in_lower_case():
    assert [errors.js_string(v) for v in (None, True, False, ['a', 1])] == \
        ['undefined', 'true', 'false', 'a,1']


@needs_node
def test_js_inspect_matches_util_inspect():
    values = ['abc', "it's", 'a"b\'c', 'a\nb\t\x01\x7f', [1, 'a', [2, [3, [4]]]],
              {'a': 1, 'b-c': 'x', 'd': {'e': {'f': {'g': 1}}}}, [], {}, -0.0, 1e21,
              123456789012, True, None]
    script = '''
const u = require('util');
const vals = JSON.parse(process.argv[1]).map(v => v === '__neg0' ? -0 : v === '__undef' ? undefined : v);
console.log(JSON.stringify(vals.map(v => u.inspect(v))));'''
    arg = json.dumps(['__neg0' if v == 0 and isinstance(v, float) else '__undef' if v is None
                      else v for v in values])
    assert [errors.js_inspect(v) for v in values] == run_node(script, arg)


# --- conformance with node: messages of coded errors ---------------------------------

def _foo():
    pass


_foo.__name__ = 'foo'

# (node expression that throws or returns an Error, our equivalent)
CONFORMANCE = [
    ("mk().setHeader('bad name', 'x')", lambda: errors.ERR_INVALID_HTTP_TOKEN('Header name', 'bad name')),
    ("mk().setHeader('', 'x')", lambda: errors.ERR_INVALID_HTTP_TOKEN('Header name', '')),
    ("mk().setHeader('x', undefined)", lambda: errors.ERR_HTTP_INVALID_HEADER_VALUE(None, 'x')),
    ("mk().setHeader('x', 'a\\nb')", lambda: errors.ERR_INVALID_CHAR('header content', 'x')),
    ("mk().writeHead(99)", lambda: errors.ERR_HTTP_INVALID_STATUS_CODE(99)),
    ("mk().writeHead('abc')", lambda: errors.ERR_HTTP_INVALID_STATUS_CODE('abc')),
    ("http.validateHeaderName('')", lambda: errors.ERR_INVALID_HTTP_TOKEN('Header name', '')),
    ("http.validateHeaderName(undefined)", lambda: errors.ERR_INVALID_HTTP_TOKEN('Header name', None)),
    ("http.validateHeaderName('a b', 'Trailer name')",
     lambda: errors.ERR_INVALID_HTTP_TOKEN('Trailer name', 'a b')),
    ("http.validateHeaderValue('x-y', 'a\\0')", lambda: errors.ERR_INVALID_CHAR('header content', 'x-y')),
    ("(() => { const r = mk(); r._header = 'x'; r.setHeader('a', 'b'); })()",
     lambda: errors.ERR_HTTP_HEADERS_SENT('set')),
    ("(() => { const r = mk(); r._header = 'x'; r.removeHeader('a'); })()",
     lambda: errors.ERR_HTTP_HEADERS_SENT('remove')),
    ("mk().addTrailers({'a b': 'x'})", lambda: errors.ERR_INVALID_HTTP_TOKEN('Trailer name', 'a b')),
    ("mk().addTrailers({'ab': 'x\\n'})", lambda: errors.ERR_INVALID_CHAR('trailer content', 'ab')),
    ("mk().write(5)", lambda: errors.ERR_INVALID_ARG_TYPE('chunk', CHUNK, 5)),
    ("mk().write({})", lambda: errors.ERR_INVALID_ARG_TYPE('chunk', CHUNK, {})),
    ("mk().write([1])", lambda: errors.ERR_INVALID_ARG_TYPE('chunk', CHUNK, [1])),
    ("mk().write(true)", lambda: errors.ERR_INVALID_ARG_TYPE('chunk', CHUNK, True)),
    ("mk().write(undefined)", lambda: errors.ERR_INVALID_ARG_TYPE('chunk', CHUNK, None)),
    ("mk().write(function foo() {})", lambda: errors.ERR_INVALID_ARG_TYPE('chunk', CHUNK, _foo)),
    ("mk().write(null)", lambda: errors.ERR_STREAM_NULL_VALUES()),
    ("http.request({method: 'BAD METHOD', host: 'x'})",
     lambda: errors.ERR_INVALID_HTTP_TOKEN('Method', 'BAD METHOD')),
    ("http.request({protocol: 'ftp:', host: 'x'})", lambda: errors.ERR_INVALID_PROTOCOL('ftp:', 'http:')),
    ("http.request({path: '/a b', host: 'x'})", lambda: errors.ERR_UNESCAPED_CHARACTERS('Request path')),
    ("http.request('::nope')", lambda: errors.ERR_INVALID_URL('::nope')),
    ("http.request({port: 70000, host: 'x'})", lambda: errors.ERR_SOCKET_BAD_PORT('Port', 70000)),
    ("http.request({port: 'abc', host: 'x'})", lambda: errors.ERR_SOCKET_BAD_PORT('Port', 'abc')),
    ("net.connect(1.5)", lambda: errors.ERR_SOCKET_BAD_PORT('Port', 1.5)),
    ("net.connect({})", lambda: errors.ERR_MISSING_ARGS(['options', 'port', 'path'])),
    ("http.createServer({maxHeaderSize: -1})",
     lambda: errors.ERR_OUT_OF_RANGE('maxHeaderSize', '>= 0 && <= 9007199254740991', -1)),
    ("http.createServer({headersTimeout: 5000, requestTimeout: 1000})",
     lambda: errors.ERR_OUT_OF_RANGE('headersTimeout', '<= requestTimeout', 5000)),
    ("Buffer.from('x', 'bogus')", lambda: errors.ERR_UNKNOWN_ENCODING('bogus')),
    ("new EventEmitter().emit('error', 'boom')", lambda: errors.ERR_UNHANDLED_ERROR('boom')),
    ("new EventEmitter().emit('error', {a: 1})", lambda: errors.ERR_UNHANDLED_ERROR({'a': 1})),
    ("new EventEmitter().emit('error')", lambda: errors.ERR_UNHANDLED_ERROR(None)),
    ("(() => { const s = net.createServer(); s.listen(0); try { s.listen(0); } finally { s.close(); } })()",
     lambda: errors.ERR_SERVER_ALREADY_LISTEN()),
    # lib/internal/errors.js constructors, for what no API throws synchronously
    ("new c.ERR_STREAM_WRITE_AFTER_END()", lambda: errors.ERR_STREAM_WRITE_AFTER_END()),
    ("new c.ERR_STREAM_DESTROYED('write')", lambda: errors.ERR_STREAM_DESTROYED('write')),
    ("new c.ERR_STREAM_ALREADY_FINISHED('end')", lambda: errors.ERR_STREAM_ALREADY_FINISHED('end')),
    ("new c.ERR_STREAM_PUSH_AFTER_EOF()", lambda: errors.ERR_STREAM_PUSH_AFTER_EOF()),
    ("new c.ERR_STREAM_PREMATURE_CLOSE()", lambda: errors.ERR_STREAM_PREMATURE_CLOSE()),
    ("new c.ERR_STREAM_CANNOT_PIPE()", lambda: errors.ERR_STREAM_CANNOT_PIPE()),
    ("new c.ERR_STREAM_UNSHIFT_AFTER_END_EVENT()", lambda: errors.ERR_STREAM_UNSHIFT_AFTER_END_EVENT()),
    ("new c.ERR_METHOD_NOT_IMPLEMENTED('_write()')", lambda: errors.ERR_METHOD_NOT_IMPLEMENTED('_write()')),
    ("new c.ERR_MULTIPLE_CALLBACK()", lambda: errors.ERR_MULTIPLE_CALLBACK()),
    ("new c.ERR_HTTP_TRAILER_INVALID()", lambda: errors.ERR_HTTP_TRAILER_INVALID()),
    ("new c.ERR_HTTP_CONTENT_LENGTH_MISMATCH(3, 5)",
     lambda: errors.ERR_HTTP_CONTENT_LENGTH_MISMATCH(3, 5)),
    ("new c.ERR_HTTP_REQUEST_TIMEOUT()", lambda: errors.ERR_HTTP_REQUEST_TIMEOUT()),
    ("new c.ERR_HTTP_SOCKET_ASSIGNED()", lambda: errors.ERR_HTTP_SOCKET_ASSIGNED()),
    ("new c.ERR_HTTP_SOCKET_ENCODING()", lambda: errors.ERR_HTTP_SOCKET_ENCODING()),
    ("new c.ERR_HTTP_BODY_NOT_ALLOWED()", lambda: errors.ERR_HTTP_BODY_NOT_ALLOWED()),
    ("new c.ERR_SERVER_NOT_RUNNING()", lambda: errors.ERR_SERVER_NOT_RUNNING()),
    ("new c.ERR_SOCKET_CLOSED()", lambda: errors.ERR_SOCKET_CLOSED()),
    ("new c.ERR_SOCKET_CLOSED_BEFORE_CONNECTION()", lambda: errors.ERR_SOCKET_CLOSED_BEFORE_CONNECTION()),
    ("new c.ERR_SOCKET_CONNECTION_TIMEOUT()", lambda: errors.ERR_SOCKET_CONNECTION_TIMEOUT()),
    ("new c.ERR_SOCKET_BAD_PORT('Port', 0, false)", lambda: errors.ERR_SOCKET_BAD_PORT('Port', 0, False)),
    ("new c.ERR_INVALID_CHAR('statusMessage')", lambda: errors.ERR_INVALID_CHAR('statusMessage')),
    ("new c.ERR_MISSING_ARGS('a', 'b', 'c')", lambda: errors.ERR_MISSING_ARGS('a', 'b', 'c')),
    ("new c.ERR_MISSING_ARGS('a', ['b', 'c'])", lambda: errors.ERR_MISSING_ARGS('a', ['b', 'c'])),
    ("new c.ERR_INVALID_ARG_VALUE('headers', {a: 1})",
     lambda: errors.ERR_INVALID_ARG_VALUE('headers', {'a': 1})),
    ("new c.ERR_INVALID_ARG_VALUE.RangeError('x.y', 'abc', 'must be cool')",
     lambda: errors.ERR_INVALID_ARG_VALUE.RangeError('x.y', 'abc', 'must be cool')),
    ("new c.ERR_INVALID_ARG_VALUE('x', 'a'.repeat(200))",
     lambda: errors.ERR_INVALID_ARG_VALUE('x', 'a' * 200)),
    ("new c.ERR_INVALID_ARG_TYPE('options.x', ['string', 'number', 'Buffer', 'null', 'Array'], undefined)",
     lambda: errors.ERR_INVALID_ARG_TYPE('options.x', ['string', 'number', 'Buffer', 'null', 'Array'], None)),
    ("new c.ERR_INVALID_ARG_TYPE('first argument', 'object', 'a'.repeat(40))",
     lambda: errors.ERR_INVALID_ARG_TYPE('first argument', 'object', 'a' * 40)),
    ("new c.ERR_INVALID_ARG_TYPE('x', ['Object', 'Buffer', 'function'], \"it's\")",
     lambda: errors.ERR_INVALID_ARG_TYPE('x', ['Object', 'Buffer', 'function'], "it's")),
    ("new c.ERR_INVALID_ARG_TYPE('x', ['object', 'Buffer', 'null', 'undefined'], 5.5)",
     lambda: errors.ERR_INVALID_ARG_TYPE('x', ['object', 'Buffer', 'null', 'undefined'], 5.5)),
    ("new c.ERR_INVALID_ARG_TYPE('x', ['Function'], -0)",
     lambda: errors.ERR_INVALID_ARG_TYPE('x', ['Function'], -0.0)),
    ("new c.ERR_INVALID_ARG_TYPE('x', ['a thing', 'another'], 1e21)",
     lambda: errors.ERR_INVALID_ARG_TYPE('x', ['a thing', 'another'], 1e21)),
    ("new c.ERR_INVALID_ARG_TYPE('x', 'Buffer', Buffer.from('a'))",
     lambda: errors.ERR_INVALID_ARG_TYPE('x', 'Buffer', b'a')),
    ("new c.ERR_OUT_OF_RANGE('x', '>= 0', 2 ** 40)", lambda: errors.ERR_OUT_OF_RANGE('x', '>= 0', 2 ** 40)),
    ("new c.ERR_OUT_OF_RANGE('x', '>= 0', -(2 ** 40))",
     lambda: errors.ERR_OUT_OF_RANGE('x', '>= 0', -(2 ** 40))),
    ("new c.ERR_OUT_OF_RANGE('x', '>= 0', 'abc')", lambda: errors.ERR_OUT_OF_RANGE('x', '>= 0', 'abc')),
    ("new c.ERR_OUT_OF_RANGE('x', '>= 0', 1.5)", lambda: errors.ERR_OUT_OF_RANGE('x', '>= 0', 1.5)),
    ("new c.ERR_OUT_OF_RANGE('Custom msg.', '>= 0', 7, true)",
     lambda: errors.ERR_OUT_OF_RANGE('Custom msg.', '>= 0', 7, True)),
    ("new c.ERR_INVALID_RETURN_VALUE('an object', 'fn', 5)",
     lambda: errors.ERR_INVALID_RETURN_VALUE('an object', 'fn', 5)),
    ("new c.ERR_INVALID_URL_SCHEME(['file', 'data'])", lambda: errors.ERR_INVALID_URL_SCHEME(['file', 'data'])),
    ("new c.ERR_INVALID_URL_SCHEME('file')", lambda: errors.ERR_INVALID_URL_SCHEME('file')),
    ("new c.ERR_INVALID_ADDRESS_FAMILY('IPv5', 'h', 80)",
     lambda: errors.ERR_INVALID_ADDRESS_FAMILY('IPv5', 'h', 80)),
    ("new c.ERR_TLS_CERT_ALTNAME_INVALID('r', 'h', {})",
     lambda: errors.ERR_TLS_CERT_ALTNAME_INVALID('r', 'h', {})),
    ("new c.ERR_TLS_HANDSHAKE_TIMEOUT()", lambda: errors.ERR_TLS_HANDSHAKE_TIMEOUT()),
    ("new c.ERR_TLS_INVALID_STATE()", lambda: errors.ERR_TLS_INVALID_STATE()),
    ("new c.ERR_INVALID_STATE.TypeError('bad')", lambda: errors.ERR_INVALID_STATE.TypeError('bad')),
    ("new c.ERR_INVALID_THIS('URL')", lambda: errors.ERR_INVALID_THIS('URL')),
    ("new c.ERR_ARG_NOT_ITERABLE('x')", lambda: errors.ERR_ARG_NOT_ITERABLE('x')),
    ("new c.ERR_INVALID_IP_ADDRESS('1.2.3')", lambda: errors.ERR_INVALID_IP_ADDRESS('1.2.3')),
    ("new c.ERR_HTTP_INVALID_STATUS_CODE(undefined)", lambda: errors.ERR_HTTP_INVALID_STATUS_CODE(None)),
    ("new c.ERR_HTTP_INVALID_STATUS_CODE(99.5)", lambda: errors.ERR_HTTP_INVALID_STATUS_CODE(99.5)),
    ("new c.ERR_INVALID_HTTP_TOKEN('Method', ['a', 'b'])",
     lambda: errors.ERR_INVALID_HTTP_TOKEN('Method', ['a', 'b'])),
    ("new AbortError()", lambda: errors.AbortError()),
]
CHUNK = ['string', 'Buffer', 'Uint8Array']

CONFORMANCE_SCRIPT = r'''
const http = require('http'), net = require('net'), EventEmitter = require('events');
const { codes: c, AbortError } = require('internal/errors');
const mk = () => new http.ServerResponse({method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1});
const out = JSON.parse(process.argv[1]).map((expr) => {
  let e;
  try { e = eval(expr); } catch (thrown) { e = thrown; }
  return e instanceof Error ? [e.name, e.code, e.message] : ['no error'];
});
console.log(JSON.stringify(out));
'''


@pytest.fixture(scope='module')
def node_conformance():
    return run_node(CONFORMANCE_SCRIPT, json.dumps([expr for expr, _ in CONFORMANCE]), internals=True)


@needs_node
@pytest.mark.parametrize('index', range(len(CONFORMANCE)), ids=[e for e, _ in CONFORMANCE])
def test_error_matches_node(node_conformance, index):
    ours = CONFORMANCE[index][1]()
    assert described(ours) == node_conformance[index]


# --- system errors --------------------------------------------------------------------

def _refused():
    with socket.socket() as s:
        try:
            s.connect(('127.0.0.1', 1))
        except OSError as exc:
            return exc
    pytest.skip('something listens on 127.0.0.1:1')


def test_connect_refused_is_a_connection_refused_error_with_nodes_fields():
    err = errors.from_oserror(_refused(), 'connect', '127.0.0.1', 1)
    assert isinstance(err, ConnectionRefusedError) and isinstance(err, errors.NodeError)
    assert (err.code, err.errno, err.syscall, err.address, err.port) == \
        ('ECONNREFUSED', errno.ECONNREFUSED, 'connect', '127.0.0.1', 1)
    assert str(err) == 'connect ECONNREFUSED 127.0.0.1:1'


def test_system_error_keeps_the_original_as_cause():
    exc = _refused()
    assert errors.from_oserror(exc, 'connect').__cause__ is exc


def test_system_error_classes_are_cached_per_oserror_class():
    a = errors.from_oserror(ConnectionResetError(errno.ECONNRESET, 'x'), 'read')
    b = errors.from_oserror(ConnectionResetError(errno.ECONNRESET, 'x'), 'read')
    assert type(a) is type(b)
    assert str(a) == 'read ECONNRESET'


def test_from_oserror_returns_a_node_error_unchanged():
    err = errors.conn_reset()
    assert errors.from_oserror(err, 'read') is err


def test_system_error_survives_pickle():
    err = errors.from_oserror(_refused(), 'connect', '127.0.0.1', 1)
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err)
    assert (str(copy), copy.code, copy.errno, copy.port) == (str(err), err.code, err.errno, 1)


def test_listen_error_has_libuvs_description():
    err = errors.from_oserror(OSError(errno.EADDRINUSE, 'Address already in use'),
                              'listen', '127.0.0.1', 8080)
    assert str(err) == 'listen EADDRINUSE: address already in use 127.0.0.1:8080'


def test_address_without_port_is_shown_alone():
    err = errors.from_oserror(FileNotFoundError(errno.ENOENT, 'x'), 'connect', '/tmp/nosock')
    assert (str(err), err.code) == ('connect ENOENT /tmp/nosock', 'ENOENT')


def test_unknown_host_is_enotfound():
    exc = socket.gaierror(socket.EAI_NONAME, 'Name or service not known')
    err = errors.from_oserror(exc, None, 'nohost.invalid')
    assert isinstance(err, socket.gaierror)
    assert (err.code, err.syscall, err.hostname) == ('ENOTFOUND', 'getaddrinfo', 'nohost.invalid')
    assert str(err) == 'getaddrinfo ENOTFOUND nohost.invalid'


def test_temporary_dns_failure_is_eai_again():
    exc = socket.gaierror(socket.EAI_AGAIN, 'Temporary failure in name resolution')
    assert errors.from_oserror(exc, 'getaddrinfo', 'h').code == 'EAI_AGAIN'


def test_socket_timeout_is_etimedout():
    err = errors.from_oserror(socket.timeout('timed out'), 'connect', '10.0.0.1', 80)
    assert isinstance(err, socket.timeout)      # TimeoutError since Python 3.10
    assert (err.code, err.errno, str(err)) == ('ETIMEDOUT', errno.ETIMEDOUT, 'connect ETIMEDOUT 10.0.0.1:80')


def test_etimedout_builds_a_connect_timeout():
    err = errors.etimedout('connect', '10.0.0.1', 80)
    assert isinstance(err, TimeoutError) and str(err) == 'connect ETIMEDOUT 10.0.0.1:80'


def test_conn_reset_is_a_connection_reset_error_with_code_only():
    err = errors.conn_reset('aborted')
    assert isinstance(err, ConnectionResetError) and isinstance(err, errors.NodeError)
    assert (err.code, str(err), err.errno) == ('ECONNRESET', 'aborted', None)


def test_conn_reset_defaults_to_socket_hang_up():
    assert str(errors.conn_reset()) == 'socket hang up'


def test_self_signed_certificate_gets_nodes_code():
    exc = ssl.SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] ...')
    exc.verify_code, exc.verify_message = 18, 'self-signed certificate'
    err = errors.from_oserror(exc, 'connect')
    assert isinstance(err, ssl.SSLCertVerificationError)
    assert (err.code, str(err)) == ('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')


def test_hostname_mismatch_is_err_tls_cert_altname_invalid():
    exc = ssl.SSLCertVerificationError(1, 'x')
    exc.verify_code, exc.verify_message = 62, "Hostname mismatch, certificate is not valid for 'a'."
    assert errors.from_oserror(exc, 'connect', 'a').code == 'ERR_TLS_CERT_ALTNAME_INVALID'


def test_other_ssl_error_is_eproto():
    assert errors.from_oserror(ssl.SSLError(1, 'wrong version number'), 'write').code == 'EPROTO'


@needs_node
def test_system_error_messages_match_node():
    """connect ECONNREFUSED, listen EADDRINUSE and getaddrinfo, each made in
    node and in Python against the same address."""
    taken = socket.socket()
    taken.bind(('127.0.0.1', 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        script = r'''
const net = require('net'), dns = require('dns');
const port = +process.argv[1], out = {};
const done = () => { if (Object.keys(out).length === 3) console.log(JSON.stringify(out)); };
const keep = (k) => (e) => { out[k] = [e.code, e.syscall, e.message]; done(); };
net.connect(1, '127.0.0.1').on('error', keep('connect'));
net.createServer().listen(port, '127.0.0.1').on('error', keep('listen'));
dns.lookup('nohost.invalid', keep('getaddrinfo'));
'''
        node = run_node(script, str(port))
        ours = {}
        err = errors.from_oserror(_refused(), 'connect', '127.0.0.1', 1)
        ours['connect'] = [err.code, err.syscall, str(err)]
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            with pytest.raises(OSError) as info:
                s.bind(('127.0.0.1', port))
        err = errors.from_oserror(info.value, 'listen', '127.0.0.1', port)
        ours['listen'] = [err.code, err.syscall, str(err)]
        with pytest.raises(socket.gaierror) as info:
            socket.getaddrinfo('nohost.invalid', None)
        err = errors.from_oserror(info.value, 'getaddrinfo', 'nohost.invalid')
        ours['getaddrinfo'] = [err.code, err.syscall, str(err)]
    finally:
        taken.close()
    assert ours == node


# --- parser errors --------------------------------------------------------------------

@pytest.mark.parametrize('reason, code', [
    ('Invalid method encountered', 'HPE_INVALID_METHOD'),
    ('Expected HTTP/, RTSP/ or ICE/', 'HPE_INVALID_CONSTANT'),
    ('Invalid HTTP version', 'HPE_INVALID_VERSION'),
    ('Expected CRLF after version', 'HPE_INVALID_VERSION'),
    ('Invalid char in url path', 'HPE_INVALID_URL'),
    ('Invalid header value char', 'HPE_INVALID_HEADER_TOKEN'),
    ('Missing expected LF after header value', 'HPE_LF_EXPECTED'),
    ('Missing expected CR after header value', 'HPE_CR_EXPECTED'),
    ('Expected LF after chunk data', 'HPE_STRICT'),
    ('Chunk size overflow', 'HPE_INVALID_CHUNK_SIZE'),
    ('Duplicate Content-Length', 'HPE_UNEXPECTED_CONTENT_LENGTH'),
    ("Transfer-Encoding can't be present with Content-Length", 'HPE_INVALID_TRANSFER_ENCODING'),
    ("Content-Length can't be present with Transfer-Encoding", 'HPE_INVALID_CONTENT_LENGTH'),
    ('Data after `Connection: close`', 'HPE_CLOSED_CONNECTION'),
    ('Pause on PRI/Upgrade', 'HPE_PAUSED_H2_UPGRADE'),
    ('Header overflow', 'HPE_HEADER_OVERFLOW'),
    ('Span callback error in on_url', 'HPE_USER'),
])
def test_hpe_code_maps_llhttp_reasons(reason, code):
    assert errors.hpe_code(reason) == code


def test_unknown_reason_is_hpe_internal():
    assert errors.hpe_code('Something new') == 'HPE_INTERNAL'


def test_every_llhttp_reason_in_the_table_is_in_the_pinned_httptools():
    """The table is read from httptools 0.9.0's llhttp; a new httptools that
    renames a reason makes this fail instead of silently mapping to HPE_INTERNAL."""
    import httptools.parser.parser as compiled
    with open(compiled.__file__, 'rb') as f:
        binary = f.read()
    ours = {'Header overflow', 'Chunk extensions overflow'}
    missing = [r for r in errors.HPE_CODES if r not in ours and r.encode() not in binary]
    assert missing == []


@pytest.mark.parametrize('raw, code', [
    (b'FOO / HTTP/1.1\r\n\r\n', 'HPE_INVALID_METHOD'),
    (b'GET / HTTP/1.2\r\n\r\n', 'HPE_INVALID_VERSION'),
    (b'GET /a b HTTP/1.1\r\n\r\n', 'HPE_INVALID_CONSTANT'),
    (b'GET / HTTP/1.1\r\nX: a\x01\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'),
    (b'POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 'HPE_UNEXPECTED_CONTENT_LENGTH'),
    (b'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'HPE_INVALID_CHUNK_SIZE'),
])
def test_httptools_errors_map_to_the_code_node_reports(raw, code):
    parser = httptools.HttpRequestParser(object())
    with pytest.raises(httptools.HttpParserError) as info:
        parser.feed_data(raw)
    assert errors.hpe_code(str(info.value)) == code


def test_parse_error_carries_nodes_fields():
    err = errors.parse_error('Invalid status code', b'HTTP/1.1 abc OK\r\n\r\n')
    assert isinstance(err, errors.HTTPParserError) and isinstance(err, errors.NodeError)
    assert (err.code, err.reason, err.rawPacket) == \
        ('HPE_INVALID_STATUS', 'Invalid status code', b'HTTP/1.1 abc OK\r\n\r\n')
    assert str(err) == 'Parse Error: Invalid status code'


def test_parse_error_bytes_parsed_defaults_to_the_packet_length():
    assert errors.parse_error('Invalid method encountered', b'FOO').bytesParsed == 3
    assert errors.parse_error('Invalid method encountered', b'FOO', 1).bytesParsed == 1


def test_parse_error_code_can_be_given():
    err = errors.parse_error('Header overflow', b'x', code='HPE_HEADER_OVERFLOW')
    assert (err.code, str(err)) == ('HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow')


def test_eof_parse_error_has_nodes_bare_message():
    err = errors.parse_error('Invalid EOF state')
    assert (err.code, str(err), err.rawPacket, err.bytesParsed) == \
        ('HPE_INVALID_EOF_STATE', 'Parse Error', None, 0)


@pytest.mark.parametrize('code, status', [
    ('HPE_HEADER_OVERFLOW', 431), ('HPE_CHUNK_EXTENSIONS_OVERFLOW', 413),
    ('ERR_HTTP_REQUEST_TIMEOUT', 408), ('HPE_INVALID_METHOD', 400), ('HPE_INVALID_EOF_STATE', 400),
])
def test_client_error_status_is_what_node_answers(code, status):
    assert errors.client_error_status(code) == status


def test_parse_error_has_a_status_hint():
    assert errors.parse_error('Header overflow').error_status_hint == 431


@needs_node
def test_parse_error_messages_match_node():
    """A server with a 'clientError' listener, fed a header overflow, a bad
    method and a truncated body (EOF state)."""
    script = r'''
const http = require('http'), net = require('net');
const cases = ['GET / HTTP/1.1\r\nHost: a\r\nX: ' + 'a'.repeat(20000) + '\r\n\r\n',
               'FOO / HTTP/1.1\r\n\r\n',
               'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nab'];
const out = [];
const srv = http.createServer((q) => q.on('error', () => {}).resume());
srv.on('clientError', (e, s) => { out.push([e.code, e.reason, e.message]); s.destroy(); });
srv.listen(0, '127.0.0.1', () => next(0));
function next(i) {
  if (i === cases.length) { srv.close(); console.log(JSON.stringify(out)); return; }
  const s = net.connect(srv.address().port, '127.0.0.1', () => { s.end(cases[i]); });
  s.on('error', () => {}).on('close', () => setTimeout(next, 20, i + 1)).resume();
}
'''
    ours = [errors.parse_error('Header overflow', b'...', code='HPE_HEADER_OVERFLOW'),
            errors.parse_error('Invalid method encountered', b'FOO / HTTP/1.1\r\n\r\n'),
            errors.parse_error('Invalid EOF state', None, code='HPE_INVALID_EOF_STATE')]
    assert [[e.code, e.reason, str(e)] for e in ours] == run_node(script)
