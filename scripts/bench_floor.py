#!/usr/bin/env python3
"""What a thread-per-connection Python server can do here, by its Python work.

    python scripts/bench_floor.py [--duration 3] [--pads 0,200,400,800,1200]

A bare server -- a thread per connection, httptools, one canned response,
nothing of Node's API -- is padded with a fixed amount of Python work per
request (``sum(range(pad))``), and each pad is measured under the same load
as ``bench_server.py``'s ``ka16`` scenario (``wrk``, 16 keep-alive
connections, server and load pinned to different CPUs), beside nodehttp's
and ``http.server``'s hello worlds.  Each row gives requests/s and the
server's CPU per request, user and system (``/proc/<pid>/stat``).

The bare rows show how throughput falls as the Python time per request
grows; the last lines read off that curve the user time per request at
which a server reaches 3x ``http.server`` on this run, beside nodehttp's own.
Needs ``wrk`` and Linux's ``/proc``.  Only 127.0.0.1 is contacted and every
run is bounded by ``--duration``.
"""

import argparse
import shutil
import sys

from bench_server import (REPO, SCENARIOS, ServerProcess, Unavailable, add_cpu_per_request,
                          check_hello, run_wrk, server_command)
from _pinning import describe

BARE = r'''
import socket, sys, threading
import httptools

PAD = int(sys.argv[1])
RESPONSE = b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nokay'

class Requests:
    def __init__(self):
        self.done = 0
    def on_message_complete(self):
        self.done += 1

def serve(conn):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    seen = Requests()
    parser = httptools.HttpRequestParser(seen)
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            parser.feed_data(data)
            if seen.done:
                sum(range(PAD * seen.done))    # the padding: Python work per request
                conn.sendall(RESPONSE * seen.done)
                seen.done = 0
    except (OSError, httptools.HttpParserError):
        pass
    finally:
        conn.close()

listener = socket.socket()
listener.bind(('127.0.0.1', 0))
listener.listen(511)
print('PORT', listener.getsockname()[1], flush=True)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
'''


def measure(argv, duration, warmup):
    """ka16 on a server started from argv: the wrk result with CPU per request."""
    with ServerProcess(argv[0], argv, REPO) as server:
        check_hello(server.port)
        scenario = SCENARIOS['ka16']
        if warmup > 0:
            run_wrk(server.port, scenario, warmup)
        before = server.cpu_seconds()
        res = run_wrk(server.port, scenario, duration)
        add_cpu_per_request(res, before, server.cpu_seconds())
        return res


def user_time_for(rps, curve):
    """The user us per request at which the bare curve gives rps, None
    outside the measured pads.  Between the two pads around it, the time per
    request (1/rps) is taken as linear in the user time."""
    points = sorted((1.0 / r['rps'], r['user_us']) for r in curve if r.get('rps') and 'user_us' in r)
    goal = 1.0 / rps
    for (t0, u0), (t1, u1) in zip(points, points[1:]):
        if t0 <= goal <= t1:
            return u0 if t1 == t0 else u0 + (u1 - u0) * (goal - t0) / (t1 - t0)
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--duration', type=float, default=3.0, help='seconds per run (default 3)')
    ap.add_argument('--warmup', type=float, default=1.0, help='seconds of warm-up per server')
    ap.add_argument('--pads', default='0,200,400,800,1200',
                    help='sum(range(pad)) per request in the bare server')
    ap.add_argument('--times', type=float, default=3.0,
                    help='the multiple of http.server to read off the curve (default 3)')
    args = ap.parse_args(argv)
    if not shutil.which('wrk'):
        sys.exit('bench_floor.py needs wrk (apt-get install wrk)')
    pads = [int(p) for p in args.pads.split(',') if p.strip()]
    print('python %s; wrk -c16 for %gs; pinning: %s'
          % (sys.version.split()[0], args.duration, describe('load')), flush=True)
    rows = []
    for pad in pads:
        rows.append(('bare, pad %d' % pad, [sys.executable, '-c', BARE, str(pad)]))
    for name in ('nodehttp', 'stdlib'):
        rows.append((name, server_command(name)))
    results = {}
    print('%-18s %10s %14s %14s' % ('server', 'req/s', 'user us/req', 'sys us/req'))
    for label, cmd in rows:
        try:
            res = measure(cmd, args.duration, args.warmup)
        except (Unavailable, RuntimeError) as err:
            print('%-18s %s' % (label, err), flush=True)
            continue
        results[label] = res
        print('%-18s %10.0f %14s %14s' % (
            label, res['rps'], '%.1f' % res['user_us'] if 'user_us' in res else '-',
            '%.1f' % res['sys_us'] if 'sys_us' in res else '-'), flush=True)
    stdlib, nodehttp = results.get('stdlib'), results.get('nodehttp')
    curve = [r for label, r in results.items() if label.startswith('bare')]
    if stdlib and curve:
        goal = args.times * stdlib['rps']
        need = user_time_for(goal, curve)
        print('\n%gx http.server = %.0f req/s: a bare server gets there at %s us of user '
              'time per request' % (args.times, goal, '%.1f' % need if need is not None
                                    else '(outside the measured pads)'))
        if nodehttp and 'user_us' in nodehttp:
            print('nodehttp: %.0f req/s (%.2fx http.server) at %.1f us of user time per request'
                  % (nodehttp['rps'], nodehttp['rps'] / stdlib['rps'], nodehttp['user_us']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
