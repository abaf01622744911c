"""What follows a response's head that has no body, as the client reads it,
against Node: the same raw bytes go to a Node client and a nodehttp client
(scripts/fuzz_client_wire.py's raw server and clients), whose reports --
'information', 'response', the body, 'end', 'error' and its code, 'close'
-- must be the same.

nodehttp cuts such a head out by hand (httptools would read a body after a
HEAD answer), so what llhttp does with the rest is done by hand too: after a
1xx it fails at once on bytes that cannot begin a status line, and after a
response that keeps no connection any byte but CR and LF is
HPE_CLOSED_CONNECTION.
"""

import os
import shutil
import sys

import pytest

pytestmark = pytest.mark.timeout(60)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'scripts'))
import fuzz_client_wire as fuzz  # noqa: E402

CASES = {
    'garbage after a 1xx (HEAD)': ('HEAD', [b'HTTP/1.1 103 OK\r\nX: x\r\n\r\n$OUSD']),
    'garbage after a 1xx (GET)': ('GET', [b'HTTP/1.1 103 OK\r\nX: x\r\n\r\n$OUSD']),
    'a final answer after a 1xx (HEAD)': ('HEAD', [b'HTTP/1.1 103 OK\r\nX: x\r\n\r\n',
                                                   b'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n']),
    'bytes after a HEAD answer that closes': ('HEAD', [b'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n'
                                                       b'Connection: close\r\n\r\nxabc']),
    'bytes after a HTTP/1.0 HEAD answer': ('HEAD', [b'HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n\r\nx']),
    'bytes after a kept-alive HEAD answer': ('HEAD', [b'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxabc']),
    'bytes after a GET answer that closes': ('GET', [b'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n'
                                                     b'Connection: close\r\n\r\nxabc']),
}


@pytest.fixture(scope='module')
def reports():
    if shutil.which('node') is None:
        pytest.skip('node is not installed: the client reports are compared with Node\'s')
    names = sorted(CASES)
    server = fuzz.RawServer([CASES[name] for name in names])
    try:
        items = [(n, CASES[name][0]) for n, name in enumerate(names)]
        node, _ = fuzz.run_client(['node', '-e', fuzz.JS_CLIENT], server.port, items, 50)
        py, err = fuzz.run_client([sys.executable, '-c', fuzz.PY_CLIENT % {'repo': fuzz.REPO}],
                                  server.port, items, 50)
    finally:
        server.close()
    assert not err.strip(), err
    return {name: (node.get(n), py.get(n)) for n, name in enumerate(names)}


@pytest.mark.parametrize('name', sorted(CASES))
def test_client_reads_what_follows_a_bodiless_head_as_node_does(reports, name):
    node, py = reports[name]
    assert node is not None
    assert py == node
