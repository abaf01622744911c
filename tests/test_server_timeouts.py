"""Server timeout options validated at createServer().  The timeouts on the
wire, compared with Node, are in tests/conformance/test_wire_timeouts.py."""

import pytest

pytestmark = pytest.mark.timeout(30)


def test_headers_timeout_greater_than_request_timeout_raises():
    import nodehttp as http
    with pytest.raises(ValueError) as ei:
        http.createServer({'headersTimeout': 1000, 'requestTimeout': 500})
    assert ei.value.code == 'ERR_OUT_OF_RANGE'
