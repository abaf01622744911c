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


def _run(code, timeout=15):
    src = 'import nodehttp as http\n' + textwrap.dedent(code)
    return subprocess.run([sys.executable, '-c', src], capture_output=True, text=True,
                          timeout=timeout)


def test_request_error_listener_that_raises_on_refused_connect_still_closes_and_exits():
    p = _run('''
        server = http.createServer(lambda req, res: res.end())

        def on_listen():
            req = http.get({'port': server.address()['port'], 'host': '127.0.0.1',
                            'agent': False})

            def on_error(err):
                print('error', err.code, flush=True)
                raise RuntimeError('boom in error')
            req.on('error', on_error)
            req.on('close', lambda: print('close', flush=True))
            server.close()     # (before the connection is tried: refused)
        server.listen(0, '127.0.0.1', on_listen)
    ''')
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'error ECONNREFUSED\nclose\n'
    assert 'RuntimeError: boom in error' in p.stderr


def test_socket_connect_listener_that_raises_ends_the_request_and_exits():
    p = _run('''
        server = http.createServer(lambda req, res: res.end('ok'))

        def boom():
            raise RuntimeError('boom in connect')

        def on_listen():
            req = http.get({'port': server.address()['port'], 'host': '127.0.0.1',
                            'agent': False})
            req.on('socket', lambda sock: sock.on('connect', boom))
            req.on('error', lambda err: print('error', err.code, flush=True))

            def on_close():
                print('close', flush=True)
                server.close()
            req.on('close', on_close)
        server.listen(0, '127.0.0.1', on_listen)
    ''')
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'error ECONNRESET\nclose\n'
    assert 'RuntimeError: boom in connect' in p.stderr


def test_server_close_listener_that_raises_is_reported_whole_before_exit():
    p = _run('''
        server = http.createServer(lambda req, res: res.end('ok'))

        def boom():
            raise RuntimeError('boom in close')
        server.on('close', boom)

        def on_listen():
            req = http.get({'port': server.address()['port'], 'host': '127.0.0.1',
                            'agent': False}, lambda res: res.resume())
            req.on('close', server.close)    # ('close' on the request's thread, a tick)
        server.listen(0, '127.0.0.1', on_listen)
    ''')
    assert p.returncode == 0, p.stderr
    assert p.stderr.rstrip().endswith('RuntimeError: boom in close'), p.stderr


def test_listen_callback_that_raises_is_reported_and_the_server_goes_on():
    p = _run('''
        server = http.createServer(lambda req, res: res.end('served'))

        def on_listen():
            raise RuntimeError('boom in listening')
        server.listen(0, '127.0.0.1', on_listen)

        def on_response(res):
            res.on('data', lambda d: print(d.decode(), flush=True))
            res.on('end', server.close)
        http.get({'port': server.address()['port'], 'host': '127.0.0.1', 'agent': False},
                 on_response)
    ''')
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'served\n'
    assert 'RuntimeError: boom in listening' in p.stderr


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

        def boom(res, sock, head):
            raise RuntimeError('boom in ' + EVENT)

        def on_listen():
            opts = {'port': server.address()['port'], 'host': '127.0.0.1', 'agent': False}
            if EVENT == 'upgrade':
                opts['headers'] = {'Connection': 'Upgrade', 'Upgrade': 'foo'}
            else:
                opts.update(method='CONNECT', path='example.com:80')
            req = http.request(opts)
            req.on(EVENT, boom)

            def on_close():
                print('close', flush=True)
                server.close()
            req.on('close', on_close)
            req.end()
        server.listen(0, '127.0.0.1', on_listen)
    ''' % event)
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'close\n'
    assert 'RuntimeError: boom in ' + event in p.stderr
