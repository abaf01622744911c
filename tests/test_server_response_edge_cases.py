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


def test_request_and_response_take_attributes_of_their_own():
    # Node's fields are slots (fast to read), yet an object still takes any
    # attribute, as a JS object does; vars() lists only those
    from http import client as stdclient

    seen = {}

    def handler(req, res):
        req.user = 'ann'
        res.locals = {'n': 1}
        seen['vars'] = (vars(req), vars(res))
        seen['read'] = (req.user, res.locals['n'], res.statusCode, req.method)
        res.end('ok')

    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        c = stdclient.HTTPConnection('127.0.0.1', server.address()['port'], timeout=5)
        c.request('GET', '/')
        assert c.getresponse().read() == b'ok'
        c.close()
        assert seen['read'] == ('ann', 1, 200, 'GET')
        assert seen['vars'] == ({'user': 'ann'}, {'locals': {'n': 1}})
    finally:
        server.close()
