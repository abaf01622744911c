"""ServerResponse corner cases that need no Node (API errors).  The
byte-for-byte comparisons with Node are in
tests/conformance/test_wire_response_edge_cases.py."""

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


def test_set_header_non_string_name_raises():
    res = http.ServerResponse(http.IncomingMessage())
    with pytest.raises(TypeError) as ei:
        res.setHeader(5, 'x')
    assert ei.value.code == 'ERR_INVALID_HTTP_TOKEN'
