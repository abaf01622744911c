"""What follows a response's head that has no body, as the client reads it,
against Node: the same raw bytes go to a Node client and a nodehttp client
(scripts/fuzz_client_wire.py's raw server and clients), whose reports --
'information', 'response', the body, 'end', 'error' and its code, 'close'
-- must be the same.

nodehttp cuts such a head out by hand (httptools would read a body after a
HEAD answer, or after a 1xx past 103 that has Content-Length or
Transfer-Encoding, where Node's client has llhttp skip it), so what llhttp
does with the rest is done by hand too: it fails at once on bytes that
cannot begin a status line, and after a response that keeps no connection
any byte but CR and LF is HPE_CLOSED_CONNECTION.
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
    'garbage in the next packet after a 1xx (HEAD)': ('HEAD', [b'HTTP/1.1 103 OK\r\n\r\n', b'20\r\nab']),
    # Node's client skips the body of every 1xx; httptools' llhttp reads one
    # after 104 to 199 when it is framed
    'a framed 1xx past 103, then the answer': ('GET', [b'HTTP/1.1 150 OK\r\nContent-Length: 5\r\n\r\n'
                                                       b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']),
    'a chunked 1xx past 103, then the answer': ('GET', [b'HTTP/1.1 199 OK\r\nTransfer-Encoding: chunked\r\n'
                                                        b'\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']),
    'a framed 1xx past 103, then garbage': ('GET', [b'HTTP/1.1 199 OK\r\nContent-Length: 5\r\n\r\nx+mTW']),
    'a framed HTTP/1.0 1xx, then bytes': ('GET', [b'HTTP/1.1 100 Continue\r\n\r\n'
                                                  b'HTTP/1.0 199 N\r\nContent-Length: 3\r\n\r\nabc']),
    'a framed 1xx whose head ends in the next packet': ('GET', [b'HTTP/1.0 199 N\r\nContent-Length: 7\r\n',
                                                                b'\r\nQ4$mG$v']),
    'a status line cut, then a framed 1xx': ('GET', [b'HTTP/', b'1.1 100 Continue\r\n\r\nHTTP/1.1 199 a\r\n'
                                                     b'Content-Length: 3\r\n\r\nHTTP/1.1 200 OK\r\n'
                                                     b'Content-Length: 2\r\n\r\nok']),
    'a framed 1xx, HEAD': ('HEAD', [b'HTTP/1.1 150 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
                                    b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n']),
    # (found by fuzz_client_wire.py) a framed 1xx past 103 whose code is cut
    # between packets: llhttp has read '1' of it when the next packet comes
    'a framed 1xx cut inside its code, then garbage': ('GET', [b'HTTP/1.1 1', b'99\r\nX-Test: x\r\n'
                                                               b'Content-Length: 6\r\n\r\n~LLNao']),
    'a framed 1xx cut after two digits, then the answer': ('GET', [
        b'HTTP/1.1 15', b'0 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']),
    # a head cut out by hand (HEAD) whose line ends llhttp refuses: the
    # error comes at once, not when a head's end that never comes would
    'a HEAD answer with a CR without LF at its end': ('HEAD', [b'HTTP/1.1 100 OK\r\nContent-Length: 9\r\n'
                                                               b'Content-Type: x\r\n\r,|]#d`{FP']),
    'a HEAD answer with a bare LF': ('HEAD', [b'HTTP/1.1 304 OK\r\nConnection: close\n\r\n\\{d"qa=zP']),
    'a HEAD answer with CR CR LF': ('HEAD', [b'HTTP/1.1 200 OK\r\nX: a\r\r\n\r\n']),
    'a HEAD answer with a bad status': ('HEAD', [b'HTTP/1.1 abc Not Found\r\nServer: x\r\n ',
                                                 b'\r\n(v\\!zXvI385Jaok]c^;w']),
    'a HEAD answer with a line of a space': ('HEAD', [b'HTTP/1.0 200 a  b\r\nVia: a b',
                                                      b'\r\n \r\nV%#YU>BatN-a%~']),
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
