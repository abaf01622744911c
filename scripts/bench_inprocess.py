#!/usr/bin/env python3
"""In-process cost per request of nodehttp's own code, socket I/O faked.

    python scripts/bench_inprocess.py [server|client|http.client|all] [-n 20000] [--runs 7]

What wrk and bench_client.py measure also holds the kernel, the peer and the
scheduler; this measures only the Python that runs per request, so that a
change to the hot path can be judged in a few seconds with little noise:

- ``server``: the whole `_Connection.run` loop of a server connection: each
  read gives one `GET /` request, the handler does
  ``res.writeHead(200, {'Content-Type': 'text/plain'})`` and ``res.end('okay')``,
  and sends are dropped;
- ``client``: `http.get` on a keep-alive Agent, one socket: the request is
  dropped, each read gives one 12-byte response, and the next `http.get` is
  made from the previous response's 'end' (Node style, on the socket's thread);
- ``http.client``: the standard library's `HTTPConnection` doing the same
  exchange on a fake socket, for scale.

Each figure is the thread CPU time per request, the best of --runs runs (each
in a fresh subprocess).  The fakes replace private methods (the server socket's
`_write_bufs` and the kernel socket's `recv` under it; the client's
`_write_bufs`, `_recv_timed` and `_open_connection`) and follow them when they
change.
"""

import argparse
import os
import subprocess
import sys

REQUEST = b'GET / HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: wrk\r\n\r\n'
RESPONSE = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n'
            b'Date: Thu, 26 Nov 2026 15:00:00 GMT\r\nConnection: keep-alive\r\n'
            b'Keep-Alive: timeout=5\r\n\r\nhello world\n')


def run_server(n):
    import socket
    import time

    import nodehttp as http
    from nodehttp import _tick, net, server

    class FakeSocket(net.Socket):
        def _write_bufs(self, bufs, callback=None):
            if callback:
                _tick.next_tick(callback, None)
            return True

    class FakeKernelSocket:
        """The kernel socket under it: each recv gives one request, then EOF;
        anything else (setsockopt, fileno, close) goes to a real one."""
        left = n

        def __init__(self, real):
            self._real = real

        def recv(self, size):
            if self.left:
                self.left -= 1
                return REQUEST
            return b''

        def __getattr__(self, name):
            return getattr(self._real, name)

    def handler(req, res):
        res.writeHead(200, {'Content-Type': 'text/plain'})
        res.end('okay')

    srv = http.createServer(handler)
    srv.listening = True                 # (never listens: no keeper, no port)
    a, _b = socket.socketpair()
    sock = FakeSocket()
    sock._attach(a)
    sock._sock = FakeKernelSocket(a)
    conn = server._Connection(srv, sock)
    _tick.start_thread_queue()
    sock._set_owner()
    t0 = time.thread_time()
    conn.run()
    return (time.thread_time() - t0) / n


def run_client(n):
    import socket
    import threading
    import time

    import nodehttp as http
    from nodehttp import _tick, net

    def fake_open(opts, on_lookup=None):
        a, b = socket.socketpair()
        fake_open.peers.append(b)
        return a
    fake_open.peers = []

    def write_bufs(self, bufs, callback=None):
        if self._pending_writes is not None:      # (still connecting)
            self._pending_writes.append((bufs, callback))
            return True
        self._owed = getattr(self, '_owed', 0) + 1
        if threading.get_ident() != self._owner_ident:
            # A request written from another thread (the first one, from the
            # main thread): its socket's thread may wait idle for the
            # response's bytes, which are faked, so wake it as they would.
            self._wake()
        if callback:
            _tick.next_tick(callback, None)
        return True

    def recv_timed(self, deadline):
        if deadline is not None:
            deadline - time.monotonic()
        if getattr(self, '_owed', 0):
            self._owed -= 1
            return self._account(RESPONSE)
        return b''

    net._open_connection = fake_open
    net.Socket._write_bufs = write_bufs
    net.Socket._recv_timed = recv_timed
    agent = http.Agent(keepAlive=True, maxSockets=1)
    opts = {'host': '127.0.0.1', 'port': 8080, 'path': '/', 'agent': agent}
    warm = 200
    done = threading.Event()
    state = {'count': 0, 't0': 0.0, 'cpu': 0.0}

    def on_end():
        state['count'] += 1
        if state['count'] == warm:
            state['t0'] = time.thread_time()
        if state['count'] < n + warm:
            http.get(opts, on_response)
        else:
            state['cpu'] = time.thread_time() - state['t0']
            done.set()

    def on_response(res):
        res.on('data', lambda d: None)
        res.on('end', on_end)

    http.get(opts, on_response)
    if not done.wait(120):
        raise SystemExit('the client run did not finish')
    return state['cpu'] / n


def run_http_client(n):
    import http.client
    import io
    import time

    class FakeSocket:
        def sendall(self, data):
            pass

        def makefile(self, mode):
            return io.BytesIO(RESPONSE)

        def close(self):
            pass

    conn = http.client.HTTPConnection('127.0.0.1', 8080)
    t0 = time.thread_time()
    for _ in range(n):
        conn.sock = FakeSocket()
        conn.request('GET', '/')
        conn.getresponse().read()
    return (time.thread_time() - t0) / n


RUNS = {'server': run_server, 'client': run_client, 'http.client': run_http_client}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('which', nargs='?', default='all', choices=list(RUNS) + ['all'])
    ap.add_argument('-n', type=int, default=20000, help='requests per run (default 20000)')
    ap.add_argument('--runs', type=int, default=7, help='runs per figure, best kept (default 7)')
    ap.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(RUNS[args.which](args.n), flush=True)
        os._exit(0)      # (the client's socket thread and the keeper: no wait for them)
    names = list(RUNS) if args.which == 'all' else [args.which]
    print('python %s, %d requests per run, best of %d runs' % (
        sys.version.split()[0], args.n, args.runs))
    for name in names:
        best = None
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, os.path.abspath(__file__), name, '-n',
                                  str(args.n), '--child'], capture_output=True, text=True,
                                 timeout=300)
            if out.returncode != 0:
                raise SystemExit('%s failed:\n%s' % (name, out.stderr))
            secs = float(out.stdout.strip().splitlines()[-1])
            best = secs if best is None else min(best, secs)
        print('%-12s %6.2f us/request' % (name, best * 1e6))


if __name__ == '__main__':
    main()
