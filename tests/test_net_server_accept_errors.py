"""What the accept thread does when accepting fails: out of descriptors it
closes the pending connections (libuv's EMFILE trick) instead of spinning on
them, another accept error goes to the server's 'error' as in Node, and a
connection no thread can be started for is closed; the server goes on."""

import errno
import socket
import subprocess
import sys
import textwrap
import threading

import pytest

import nodehttp as http
from test_net_connection_threads import _one_request as _get

pytestmark = pytest.mark.timeout(30)


@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='RLIMIT_NOFILE and /dev/null')
def test_out_of_descriptors_closes_pending_connections_without_spinning():
    child = subprocess.Popen([sys.executable, '-c', textwrap.dedent('''
        import os, resource, sys, time
        import nodehttp as http
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
        srv = http.createServer(lambda req, res: res.end('ok'))
        srv.listen(0, '127.0.0.1')
        held = []
        try:
            while True:
                held.append(os.open(os.devnull, os.O_RDONLY))
        except OSError:
            pass
        cpu = time.process_time()
        print(srv.address()['port'], flush=True)
        sys.stdin.readline()                   # the clients were closed
        print('%.3f' % (time.process_time() - cpu), flush=True)
        for fd in held:
            os.close(fd)
        print('freed', flush=True)
        sys.stdin.readline()                   # served again
        srv.close()
    ''')], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = int(child.stdout.readline())
        clients = [socket.create_connection(('127.0.0.1', port), 5) for _ in range(3)]
        for c in clients:
            c.settimeout(5)
            assert c.recv(100) == b''          # closed at once, not left pending
            c.close()
        child.stdin.write('closed\n')
        child.stdin.flush()
        assert float(child.stdout.readline()) < 0.5   # (a spinning accept loop burns seconds)
        assert child.stdout.readline() == 'freed\n'
        # served again (a connect that came while the accept thread was still
        # draining the backlog is closed with it: a few tries)
        for _ in range(20):
            try:
                if _get(port).endswith(b'ok'):
                    break
            except ConnectionResetError:
                pass
        else:
            pytest.fail('not served once descriptors were free')
        child.stdin.write('done\n')
        child.stdin.flush()
        assert child.wait(10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_accept_error_goes_to_server_error_and_server_goes_on(monkeypatch):
    srv = http.createServer(lambda req, res: res.end('ok'))
    got = []
    errored = threading.Event()
    srv.on('error', lambda err: (got.append(err), errored.set()))
    real_accept = socket.socket.accept
    failed = []

    def accept(self):
        if self.type == socket.SOCK_STREAM and not failed:
            failed.append(1)
            real_accept(self)[0].close()
            raise OSError(errno.EPROTO, 'Protocol error')
        return real_accept(self)
    monkeypatch.setattr(socket.socket, 'accept', accept)
    srv.listen(0, '127.0.0.1')
    port = srv.address()['port']
    try:
        with socket.create_connection(('127.0.0.1', port), 5):
            assert errored.wait(5)
        assert got[0].code == 'EPROTO' and got[0].syscall == 'accept'
        assert srv.listening
        assert _get(port).endswith(b'ok')
    finally:
        srv.close()


def test_connection_with_no_thread_to_serve_it_is_closed(monkeypatch):
    srv = http.createServer(lambda req, res: res.end('ok'))
    real_start = threading.Thread.start
    refused = []

    def start(self):
        if self.name == 'nodehttp-conn' and not refused:
            refused.append(1)
            raise RuntimeError("can't start new thread")
        return real_start(self)
    monkeypatch.setattr(threading.Thread, 'start', start)
    made = []
    real_make = srv._make_socket
    monkeypatch.setattr(srv, '_make_socket', lambda *a: made.append(real_make(*a)) or made[-1])
    srv.listen(0, '127.0.0.1')
    port = srv.address()['port']
    try:
        with socket.create_connection(('127.0.0.1', port), 5) as c:
            c.settimeout(5)
            assert c.recv(100) == b''
        counted = []
        srv.getConnections(lambda err, n: counted.append(n))
        assert counted == [0]
        assert _get(port).endswith(b'ok')
        # the connection that was never served holds no ref on the process
        assert not made[0]._handle._counted
    finally:
        srv.close()
