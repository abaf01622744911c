"""Liveness: a script lives while a server listens (ref'd), and exits when nothing is ref'd."""

import os
import socket
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.timeout(30)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))



def _reap(proc):
    """Kills a script still running (the test failed) and closes its pipes."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    proc.stdout.close()
    proc.stderr.close()

def _spawn(code):
    return subprocess.Popen([sys.executable, '-c', textwrap.dedent(code)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONUNBUFFERED='1'))


def _port(proc):
    line = proc.stdout.readline()
    assert line.startswith(b'port '), (line, proc.stderr.read() if proc.poll() is not None else '')
    return int(line.split()[1])


def _request(port, path):
    s = socket.create_connection(('127.0.0.1', port), 5)
    s.sendall(b'GET ' + path.encode() + b' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    data = b''
    while True:
        c = s.recv(4096)
        if not c:
            break
        data += c
    s.close()
    return data


SERVER = '''
    import nodehttp as http
    def handler(req, res):
        res.end('bye' if req.url == '/close' else 'hi')
        if req.url == '/close':
            server.close()
    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    print('port', server.address()['port'], flush=True)
'''


def test_listening_server_keeps_script_alive_until_close():
    proc = _spawn(SERVER)
    try:
        port = _port(proc)
        assert _request(port, '/').endswith(b'hi')
        time.sleep(0.2)
        assert proc.poll() is None, 'the script exited while its server listened'
        assert _request(port, '/close').endswith(b'bye')
        assert proc.wait(10) == 0
    finally:
        _reap(proc)


def test_unref_server_lets_script_exit():
    proc = _spawn('''
        import nodehttp as http
        server = http.createServer(lambda req, res: res.end())
        server.listen(0, '127.0.0.1')
        server.unref()
        print('port', server.address()['port'], flush=True)
    ''')
    try:
        _port(proc)
        assert proc.wait(10) == 0
    finally:
        _reap(proc)


def test_ref_after_unref_keeps_alive():
    proc = _spawn('''
        import threading
        import nodehttp as http
        server = http.createServer(lambda req, res: (res.end('x'), server.close()))
        server.listen(0, '127.0.0.1')
        server.unref()
        server.ref()
        print('port', server.address()['port'], flush=True)
    ''')
    try:
        port = _port(proc)
        time.sleep(0.2)
        assert proc.poll() is None
        assert _request(port, '/').endswith(b'x')
        assert proc.wait(10) == 0
    finally:
        _reap(proc)


def test_net_server_close_after_one_connection_exits():
    proc = _spawn('''
        from nodehttp import net
        def on_conn(sock):
            sock.on('data', lambda d: sock.end(d))
            server.close()
        server = net.createServer(on_conn)
        server.listen(0, '127.0.0.1')
        print('port', server.address()['port'], flush=True)
    ''')
    try:
        port = _port(proc)
        s = socket.create_connection(('127.0.0.1', port), 5)
        s.sendall(b'ping')
        data = b''
        while True:
            c = s.recv(100)
            if not c:
                break
            data += c
        s.close()
        assert data == b'ping'
        assert proc.wait(10) == 0
    finally:
        _reap(proc)


def test_unref_socket_does_not_keep_alive():
    proc = _spawn('''
        import socket
        from nodehttp import net
        lst = socket.socket(); lst.bind(('127.0.0.1', 0)); lst.listen()
        s = net.connect(lst.getsockname()[1], '127.0.0.1')
        s.unref()
        print('port 0', flush=True)
    ''')
    try:
        _port(proc)
        assert proc.wait(10) == 0
    finally:
        _reap(proc)


def test_blocking_request_loop_starts_one_keeper_and_exits():
    # One request at a time from the main thread: the ref count drops to 0
    # between requests.  The keeper stays (a thread per request cost ~100 us),
    # and still lets the script exit once it has finished.
    proc = _spawn('''
        import socket, threading
        import nodehttp as http
        lst = socket.socket(); lst.bind(('127.0.0.1', 0)); lst.listen()
        def serve():     # a plain keep-alive server (a nodehttp one would be ref'd)
            c = lst.accept()[0]
            buf = b''
            while True:
                data = c.recv(4096)
                if not data:
                    return
                buf += data
                while b'\\r\\n\\r\\n' in buf:
                    buf = buf.split(b'\\r\\n\\r\\n', 1)[1]
                    c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok')
        threading.Thread(target=serve, daemon=True).start()
        started = []
        _start = threading.Thread.start
        def start(self):
            started.append(self.name)
            return _start(self)
        threading.Thread.start = start
        agent = http.Agent(keepAlive=True, maxSockets=1)
        done = threading.Event()
        def on_response(res):
            res.resume()
            res.on('end', done.set)
        for _ in range(30):
            done.clear()
            http.get({'port': lst.getsockname()[1], 'host': '127.0.0.1', 'agent': agent},
                     on_response)
            assert done.wait(5)
        agent.destroy()
        print('port 0', flush=True)
        print('keepers', started.count('nodehttp-keeper'), flush=True)
    ''')
    try:
        _port(proc)
        assert proc.stdout.readline().split() == [b'keepers', b'1']
        assert proc.wait(10) == 0
    finally:
        _reap(proc)


def test_script_waits_for_the_tick_that_let_its_last_ref_go():
    # The request's 'close' listener closes the server: the last ref goes.
    # The response's 'close' is still due in that tick (Node: a pending
    # nextTick), so it runs before the process ends -- as in Node.
    proc = _spawn('''
        import time
        import nodehttp as http
        server = http.createServer(lambda req, res: res.end('x'))
        def on_response(res):
            res.resume()
            res.on('close', lambda: (time.sleep(0.3), print('res close', flush=True)))
        def on_listen():
            req = http.get('http://127.0.0.1:%d/' % server.address()['port'], on_response)
            req.on('close', lambda: (print('req close', flush=True), server.close()))
        server.listen(0, '127.0.0.1', on_listen)
    ''')
    try:
        assert proc.wait(15) == 0
        assert proc.stdout.read().decode().split('\n') == ['req close', 'res close', '']
    finally:
        _reap(proc)
