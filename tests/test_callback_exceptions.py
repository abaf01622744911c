"""A listener that raises on one of nodehttp's threads is reported as any
thread's exception is (threading.excepthook), and what its socket or server
owes still happens: the events after it, the release of its ref, so the
script exits by itself (Node would crash; docs/differences.md).  Scripts run
in a subprocess, with a timeout."""

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.timeout(60)


PRELUDE = '''
import nodehttp as http


def boom(where):
    """A listener that raises."""
    def listener(*args):
        raise RuntimeError('boom in ' + where)
    return listener


def get(server, callback=None, **opts):
    """A request to server, on a socket of its own."""
    return http.request(dict({'port': server.address()['port'], 'host': '127.0.0.1',
                              'agent': False}, **opts), callback)
'''


def _run(code, timeout=15):
    src = PRELUDE + textwrap.dedent(code)
    return subprocess.run([sys.executable, '-c', src], capture_output=True, text=True,
                          timeout=timeout)


def _check(p, stdout, raised):
    """The script exited by itself (0), printed stdout, and reported the
    listener's RuntimeError."""
    assert p.returncode == 0, p.stderr
    assert p.stdout == stdout
    assert 'RuntimeError: boom in ' + raised in p.stderr, p.stderr


def test_request_error_listener_that_raises_on_refused_connect_still_closes_and_exits():
    p = _run('''
        server = http.createServer(lambda req, res: res.end())

        def on_listen():
            req = get(server)
            req.on('error', lambda err: print('error', err.code, flush=True))
            req.on('error', boom('error'))
            req.on('close', lambda: print('close', flush=True))
            req.end()
            server.close()     # (before the connection is tried: refused)
        server.listen(0, '127.0.0.1', on_listen)
    ''')
    _check(p, 'error ECONNREFUSED\nclose\n', 'error')


def test_socket_connect_listener_that_raises_ends_the_request_and_exits():
    p = _run('''
        server = http.createServer(lambda req, res: res.end('ok'))

        def on_listen():
            req = get(server)
            req.on('socket', lambda sock: sock.on('connect', boom('connect')))
            req.on('error', lambda err: print('error', err.code, flush=True))
            req.on('close', lambda: (print('close', flush=True), server.close()))
            req.end()
        server.listen(0, '127.0.0.1', on_listen)
    ''')
    _check(p, 'error ECONNRESET\nclose\n', 'connect')


def test_server_close_listener_that_raises_is_reported_whole_before_exit():
    p = _run('''
        server = http.createServer(lambda req, res: res.end('ok'))
        server.on('close', boom('close'))

        def on_listen():
            req = get(server, lambda res: res.resume())
            req.on('close', server.close)    # ('close' on the request's thread, a tick)
            req.end()
        server.listen(0, '127.0.0.1', on_listen)
    ''')
    assert p.returncode == 0, p.stderr
    assert p.stderr.rstrip().endswith('RuntimeError: boom in close'), p.stderr


def test_listen_callback_that_raises_is_reported_and_the_server_goes_on():
    p = _run('''
        server = http.createServer(lambda req, res: res.end('served'))
        server.listen(0, '127.0.0.1', boom('listening'))

        def on_response(res):
            res.on('data', lambda d: print(d.decode(), flush=True))
            res.on('end', server.close)
        get(server, on_response).end()
    ''')
    _check(p, 'served\n', 'listening')


@pytest.mark.parametrize('event', ['upgrade', 'connect'])
def test_client_upgrade_or_connect_listener_that_raises_still_closes_the_request(event):
    p = _run('''
        EVENT = %r

        def take(req, sock, head):
            sock.write('HTTP/1.1 101 Switching Protocols\\r\\nConnection: Upgrade\\r\\n'
                       'Upgrade: foo\\r\\n\\r\\n' if EVENT == 'upgrade' else
                       'HTTP/1.1 200 Connection Established\\r\\n\\r\\n')
            sock.on('end', sock.end)
        server = http.createServer(lambda req, res: res.end())
        server.on(EVENT, take)

        def on_listen():
            if EVENT == 'upgrade':
                req = get(server, headers={'Connection': 'Upgrade', 'Upgrade': 'foo'})
            else:
                req = get(server, method='CONNECT', path='example.com:80')
            req.on(EVENT, boom(EVENT))
            req.on('close', lambda: (print('close', flush=True), server.close()))
            req.end()
        server.listen(0, '127.0.0.1', on_listen)
    ''' % event)
    _check(p, 'close\n', event)
