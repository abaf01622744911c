"""A script that makes a request and falls off its end prints what its
callbacks print and exits by itself, as a Node script does: a pending request
keeps the process alive, a pooled free socket does not (subprocesses, with a
timeout)."""

import http.server
import subprocess
import sys
import textwrap
import threading

import pytest

pytestmark = pytest.mark.timeout(60)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_GET(self):
        body = b'hi ' + self.path.encode()
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture(scope='module')
def port():
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def _run(code, port, timeout=10):
    src = 'import nodehttp as http\nPORT = %d\n' % port + textwrap.dedent(code)
    return subprocess.run([sys.executable, '-c', src], capture_output=True, text=True,
                          timeout=timeout)


def test_client_script_get_with_callback_exits(port):
    """http.get(url, cb) with the keep-alive globalAgent: prints, then exits."""
    p = _run('''
        def cb(res):
            res.setEncoding('utf8')
            res.on('data', lambda d: print('body', d))
            res.on('end', lambda: print('end', res.statusCode))
        http.get('http://127.0.0.1:%d/a' % PORT, cb)
    ''', port)
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'body hi /a\nend 200\n'


def test_client_script_response_listener_after_call_gets_response(port):
    """'response' attached after get() returns still fires (held for it)."""
    p = _run('''
        import time
        req = http.get('http://127.0.0.1:%d/b' % PORT)
        time.sleep(0.3)          # the response is in; it waits for a listener
        req.on('response', lambda res: (print('status', res.statusCode), res.resume()))
    ''', port)
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'status 200\n'


def test_client_script_without_listeners_exits(port):
    """No listener at all: the response is dumped when the script ends."""
    p = _run('''
        http.get('http://127.0.0.1:%d/' % PORT)
        print('fell off')
    ''', port)
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'fell off\n'


def test_client_script_unhandled_error_is_reported_and_exits():
    """ECONNREFUSED with no 'error' listener: reported on stderr, no hang."""
    p = _run('''
        http.get('http://127.0.0.1:1/')
        print('fell off')
    ''', 1)
    assert p.stdout == 'fell off\n'
    assert 'ECONNREFUSED' in p.stderr


def test_client_script_error_listener_after_call_gets_error():
    """'error' attached after get() returns gets ECONNREFUSED."""
    p = _run('''
        import time
        req = http.get('http://127.0.0.1:1/')
        time.sleep(0.2)
        req.on('error', lambda e: print('error', e.code))
    ''', 1)
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'error ECONNREFUSED\n'


def test_client_script_sequential_requests_from_callbacks_exit(port):
    """Requests chained from callbacks on the keep-alive agent, then exit."""
    p = _run('''
        n = [0]
        def go():
            def cb(res):
                res.resume()
                def end():
                    n[0] += 1
                    if n[0] < 5:
                        go()
                    else:
                        print('done', n[0])
                res.on('end', end)
            http.get('http://127.0.0.1:%d/' % PORT, cb)
        go()
    ''', port)
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'done 5\n'


def test_client_script_whose_request_throws_exits():
    """A Host header that is not a string makes http.request() throw (Node:
    the agent's servername check); the request never was, so nothing keeps
    the script alive."""
    p = _run('''
        for agent in (False, None):
            try:
                http.request({'host': '127.0.0.1', 'port': 1, 'headers': {'Host': ['a']},
                              'agent': agent})
            except TypeError as e:
                print(e.code, e)
    ''', 1)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == [
        'ERR_INVALID_ARG_TYPE The "options.headers.host" property must be of type string. '
        'Received an instance of Array'] * 2
