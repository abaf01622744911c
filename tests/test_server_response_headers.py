"""ServerResponse header and status validation in the API.  The byte-for-byte
comparisons with Node are in tests/conformance/test_wire_response_headers.py."""

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


@pytest.mark.parametrize('code', [99, 1000, 'abc', 0, -1])
def test_invalid_status_code_raises(code):
    res = http.ServerResponse(http.IncomingMessage())
    with pytest.raises(ValueError) as ei:
        res.writeHead(code)
    assert ei.value.code == 'ERR_HTTP_INVALID_STATUS_CODE'


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
