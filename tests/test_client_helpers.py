"""Helpers for the client and agent tests (no tests here).

- `RawServer`: a plain-socket peer on 127.0.0.1 (urllib3 socketlevel-style)
  that records the exact bytes each connection sent and answers with what a
  `respond(conn_index, request_bytes)` function returns (bytes, or a list of
  pieces sent with a short pause, or None to send nothing; `CLOSE` closes).
- `run_node(js)`: runs a JS snippet under `node` with PORT set; its stdout.
- `Events`: a thread-safe event log with `wait_for`.
- `peer_closed(sock, timeout)`: the other end closed (EOF or reset) in time.
- `forbid_new_threads(monkeypatch, module, name)`: `module.threading.<name>`
  can no longer start, as at interpreter shutdown.
"""

import os
import shutil
import socket
import subprocess
import threading
import time
import types

import pytest

NODE = shutil.which('node')
CLOSE = object()
OK = b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'

needs_node = pytest.mark.skipif(NODE is None, reason='node is not installed: '
                                'these tests compare with Node itself')


def _default_respond(i, data):
    if data.startswith(b'HEAD '):
        return b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n'
    return OK


def request_complete(buf):
    """True once buf holds a whole HTTP/1.1 request (CL, chunked or none)."""
    end = buf.find(b'\r\n\r\n')
    if end < 0:
        return False
    head = buf[:end].decode('latin-1').lower()
    body = buf[end + 4:]
    if 'transfer-encoding: chunked' in head:
        return body.endswith(b'0\r\n\r\n')
    for line in head.split('\r\n'):
        if line.startswith('content-length:'):
            return len(body) >= int(line.split(':', 1)[1])
    return True


class RawServer:
    """Accepts connections; records each one's bytes; answers per `respond`."""

    def __init__(self, respond=None, close_after=False):
        self.respond = respond or _default_respond
        self.close_after = close_after
        self.lsock = socket.socket()
        self.lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.lsock.bind(('127.0.0.1', 0))
        self.lsock.listen(64)
        self.port = self.lsock.getsockname()[1]
        self.conns = []            # list of bytearray, one per connection
        self.requests = []         # each complete request's bytes, in order
        self.socks = []
        self.peers = []
        self._closing = False
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return 'http://127.0.0.1:%d' % self.port

    def _accept(self):
        while not self._closing:
            try:
                c, peer = self.lsock.accept()
                self.peers.append(peer)
            except OSError:
                return
            with self._lock:
                idx = len(self.conns)
                self.conns.append(bytearray())
                self.socks.append(c)
            threading.Thread(target=self._serve, args=(c, idx), daemon=True).start()

    def _serve(self, c, idx):
        pending = bytearray()
        try:
            while True:
                d = c.recv(65536)
                if not d:
                    return
                self.conns[idx] += d
                pending += d
                while pending and request_complete(bytes(pending)):
                    data = bytes(pending)
                    pending.clear()
                    with self._lock:
                        self.requests.append(data)
                    out = self.respond(len(self.requests) - 1, data)
                    if out is CLOSE:
                        c.close()
                        return
                    if out is None:
                        continue
                    if isinstance(out, list):
                        for piece in out:
                            if piece is CLOSE:
                                c.close()
                                return
                            c.sendall(piece)
                            time.sleep(0.05)
                    else:
                        c.sendall(out)
                    if self.close_after:
                        c.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def wait_requests(self, n, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.requests) < n and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.requests[:n]

    def close(self):
        self._closing = True
        try:
            self.lsock.close()
        except OSError:
            pass
        for s in self.socks:
            try:
                s.close()
            except OSError:
                pass


def run_node(js, port=None, timeout=20, env=None):
    e = dict(os.environ)
    if port is not None:
        e['PORT'] = str(port)
    if env:
        e.update(env)
    p = subprocess.run([NODE, '-e', js], capture_output=True, text=True, timeout=timeout, env=e)
    assert p.returncode == 0, p.stderr
    return p.stdout


class Events:
    """A log of (name, value) appended from any thread."""

    def __init__(self):
        self.items = []
        self.cond = threading.Condition()

    def add(self, name, *vals):
        with self.cond:
            self.items.append((name,) + vals if vals else name)
            self.cond.notify_all()

    def cb(self, name):
        return lambda *a: self.add(name)

    def names(self):
        return [i if isinstance(i, str) else i[0] for i in self.items]

    def wait_for(self, name, timeout=5):
        deadline = time.monotonic() + timeout
        with self.cond:
            while name not in self.names():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError('no %r in %r' % (name, self.items))
                self.cond.wait(left)

    def get(self, name):
        for i in self.items:
            if i == name or (isinstance(i, tuple) and i[0] == name):
                return i
        return None


def wait_until(pred, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.005)
    return pred()


def spin(seconds):
    """Busy for a while without waiting (no sleep, no lock): a foreign
    thread's tick goes on, a nodehttp thread's callback does not return."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def peer_closed(sock, timeout=3):
    """True when the other end closes (EOF or reset) within timeout s."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b''
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def forbid_new_threads(monkeypatch, module, name='Thread'):
    """module's threading.<name> (Thread, Timer) can no longer start, as at
    interpreter shutdown; the rest of threading is untouched."""
    class NoStart(getattr(threading, name)):
        def start(self):
            raise RuntimeError("can't create new thread at interpreter shutdown")
    fake = types.SimpleNamespace(**vars(threading))
    setattr(fake, name, NoStart)
    monkeypatch.setattr(module, 'threading', fake)
