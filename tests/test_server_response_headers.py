"""ServerResponse header and status validation in the API.  The byte-for-byte
comparisons with Node are in tests/conformance/test_wire_response_headers.py."""

import json
import shutil
import subprocess

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)

NODE = shutil.which('node')


@pytest.mark.parametrize('code', [99, 1000, 'abc', 0, -1])
def test_invalid_status_code_raises(code):
    res = http.ServerResponse(http.IncomingMessage())
    with pytest.raises(ValueError) as ei:
        res.writeHead(code)
    assert ei.value.code == 'ERR_HTTP_INVALID_STATUS_CODE'


# writeHead's code is `statusCode |= 0` in Node: a number is truncated to 32
# bits, a string is read as a JS number (blanks, hex, exponents), a list as
# its items joined; then 100 to 999 are accepted.
STATUS_SAMPLES = [200.5, 999.99, 99.9, '200', ' 201 ', '\u00a0202\n', '0xc8', '0b11001000', '2e2',
                  '+200', '-200', '200abc', '', '1_0', 'Infinity', True, [200], [], [1, 2],
                  4294967496, -4294967096, 1000, float('nan'), float('inf'), {}]


@pytest.mark.skipif(NODE is None, reason='node is not installed: the codes are compared with it')
def test_write_head_reads_the_status_code_as_node_does():
    script = r'''
const http = require('http');
const out = [];
for (const v of JSON.parse(process.argv[1])) {
  const res = new http.ServerResponse({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} });
  try { res.writeHead(v === 'NaN' ? NaN : v === 'inf' ? Infinity : v); out.push(res.statusCode); }
  catch (e) { out.push(e.code + ': ' + e.message); }
}
console.log(JSON.stringify(out));
'''
    sent = ['NaN' if x != x else 'inf' if x == float('inf') else x for x in STATUS_SAMPLES]
    node = json.loads(subprocess.run([NODE, '-e', script, '--', json.dumps(sent)], capture_output=True,
                                     text=True, timeout=20, check=True).stdout)
    ours = []
    for v in STATUS_SAMPLES:
        res = http.ServerResponse(http.IncomingMessage())
        try:
            res.writeHead(v)
            ours.append(res.statusCode)
        except ValueError as e:
            ours.append('%s: %s' % (e.code, e))
    assert ours == node


@pytest.mark.parametrize('name,value,code', [
    ('bad name', 'v', 'ERR_INVALID_HTTP_TOKEN'),
    ('', 'v', 'ERR_INVALID_HTTP_TOKEN'),
    ('x', 'a\nb', 'ERR_INVALID_CHAR'),
    ('x', 'a\r\nb', 'ERR_INVALID_CHAR'),
    ('x', None, 'ERR_HTTP_INVALID_HEADER_VALUE'),
])
def test_bad_header_raises_type_error(name, value, code):
    res = http.ServerResponse(http.IncomingMessage())
    with pytest.raises(TypeError) as ei:
        res.setHeader(name, value)
    assert ei.value.code == code


def _head(headers, method='GET'):
    req = http.IncomingMessage()
    req.method = method
    res = http.ServerResponse(req)
    res.sendDate = False
    res.writeHead(200, headers)
    return res


def test_write_head_content_length_means_no_chunking():
    res = _head({'Content-Length': '2', 'X-A': 'b'})
    assert b'Content-Length: 2\r\n' in res._header
    assert b'Transfer-Encoding' not in res._header
    assert res._contentLength == 2 and not res.chunkedEncoding


def test_write_head_connection_close_is_the_last_response():
    res = _head({'Connection': 'close'})
    assert res._last
    assert res._header.count(b'Connection') == 1


def test_write_head_own_chunked_and_keep_alive_replace_the_automatic_ones():
    res = _head({'Transfer-Encoding': 'chunked', 'Keep-Alive': 'timeout=9'})
    assert res.chunkedEncoding
    assert b'Keep-Alive: timeout=9\r\n' in res._header
    assert b'Keep-Alive: timeout=5' not in res._header


def test_write_head_bad_value_raises_invalid_char():
    with pytest.raises(TypeError) as ei:
        _head({'X-Check': 'bad\nvalue'})
    assert ei.value.code == 'ERR_INVALID_CHAR'


def test_write_head_number_and_bool_values_render_as_node():
    assert b'X-N: 2\r\n' in _head({'X-N': 2})._header
    assert b'X-B: true\r\n' in _head({'X-B': True})._header
    assert b'X-B: True\r\n' in _head({'X-B': 'True'})._header


def test_write_head_same_headers_again_render_the_same():
    # (a str pair rendered once is remembered: the second render looks it up)
    first = _head({'X-Same': 'v', 'Content-Type': 'text/plain'})._header
    assert _head({'X-Same': 'v', 'Content-Type': 'text/plain'})._header == first


def test_write_head_special_header_takes_effect_every_time():
    # Connection / Content-Length set flags; they are never rendered from memory
    for _ in range(3):
        res = _head({'Connection': 'close', 'Content-Length': '2'})
        assert res._last and res._contentLength == 2 and not res.chunkedEncoding
        assert b'Transfer-Encoding' not in res._header


def test_write_head_new_value_of_a_known_name_is_validated():
    _head({'X-Known': 'fine'})
    with pytest.raises(TypeError) as ei:
        _head({'X-Known': 'bad\nvalue'})
    assert ei.value.code == 'ERR_INVALID_CHAR'
