#!/usr/bin/env python3
"""Client benchmark: nodehttp's http.request against http.client, urllib3,
requests and (when installed) Node's own client, on one local server.

Two workloads, each client in its own subprocess (so its peak RSS, VmHWM, is
its own):

- sequential: N GETs one after the other over one keep-alive connection;
- concurrent: N GETs from 8 worker threads (Node: 8 requests in flight).

The server is Node's http server when `node` is installed, else a nodehttp
server in a subprocess.  Everything is on 127.0.0.1 and bounded by N.

    python scripts/bench_client.py [-n 5000] [--workers 8] [--repeat 3]
                                   [--only nodehttp,http.client]

Each figure is the best of --repeat runs (the machine is shared and noisy),
the clients taking turns; peak RSS is that run's.  With two or more CPUs and
`taskset`, the server runs on one CPU and the clients on another.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import textwrap

from _pinning import CLIENT_CPU, SERVER_CPU, describe, pinned

NODE = shutil.which('node')

SERVER_JS = r'''
const http = require('http');
const body = Buffer.from('hello world\n');
const srv = http.createServer((req, res) => {
  res.writeHead(200, {'Content-Type': 'text/plain', 'Content-Length': body.length});
  res.end(body);
});
srv.keepAliveTimeout = 60000;
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
'''

SERVER_PY = r'''
import nodehttp as http
body = b'hello world\n'
def handler(req, res):
    res.writeHead(200, {'Content-Type': 'text/plain', 'Content-Length': len(body)})
    res.end(body)
srv = http.createServer(handler)
srv.keepAliveTimeout = 60000
srv.listen(0, '127.0.0.1', lambda: print(srv.address()['port'], flush=True))
'''

# Each client script gets PORT, N, MODE ('seq' or 'conc'), WORKERS and
# prints one JSON line {"n": done, "secs": elapsed, "hwm_kb": VmHWM}.
PY_PRELUDE = r'''
import json, os, sys, threading, time
PORT = int(os.environ['PORT']); N = int(os.environ['N']); MODE = os.environ['MODE']
WORKERS = int(os.environ['WORKERS'])
URL = 'http://127.0.0.1:%d/' % PORT
def hwm():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1])
def report(n, secs):
    print(json.dumps({'n': n, 'secs': secs, 'hwm_kb': hwm()}), flush=True)
def run_workers(fn):
    per = [N // WORKERS + (1 if i < N % WORKERS else 0) for i in range(WORKERS)]
    counts = [0] * WORKERS
    def w(i):
        counts[i] = fn(per[i])
    ts = [threading.Thread(target=w, args=(i,)) for i in range(WORKERS)]
    t0 = time.perf_counter()
    for t in ts: t.start()
    for t in ts: t.join()
    return sum(counts), time.perf_counter() - t0
'''

CLIENTS = {
    'nodehttp': r'''
import nodehttp as http
if MODE == 'seq':
    # Node style: the next request starts from the previous one's 'end'
    # (on the socket's thread), one keep-alive socket.
    agent = http.Agent(keepAlive=True, maxSockets=1)
    done = threading.Event()
    count = [0]
    opts = {'host': '127.0.0.1', 'port': PORT, 'path': '/', 'agent': agent}
    def on_end():
        count[0] += 1
        if count[0] < N:
            http.get(opts, on_response)
        else:
            done.set()
    def on_response(res):
        res.on('data', lambda d: None)
        res.on('end', on_end)
    t0 = time.perf_counter()
    http.get(opts, on_response)
    done.wait()
    report(count[0], time.perf_counter() - t0)
    agent.destroy()
else:
    # blocking workers: each thread waits for its response's end
    agent = http.Agent(keepAlive=True)
    opts = {'host': '127.0.0.1', 'port': PORT, 'path': '/', 'agent': agent}
    def worker(n):
        ev = threading.Event()
        def on_response(res):
            res.on('data', lambda d: None)
            res.on('end', ev.set)
        for _ in range(n):
            ev.clear()
            http.get(opts, on_response)
            ev.wait()
        return n
    n, secs = run_workers(worker)
    report(n, secs)
    agent.destroy()
''',
    'nodehttp-blocking': r'''
import nodehttp as http
# a plain Python loop on the main thread: one request, wait, the next
agent = http.Agent(keepAlive=True, maxSockets=1)
opts = {'host': '127.0.0.1', 'port': PORT, 'path': '/', 'agent': agent}
ev = threading.Event()
def on_response(res):
    res.on('data', lambda d: None)
    res.on('end', ev.set)
if MODE != 'seq':
    sys.exit(3)
t0 = time.perf_counter()
for _ in range(N):
    ev.clear()
    http.get(opts, on_response)
    ev.wait()
report(N, time.perf_counter() - t0)
agent.destroy()
''',
    'http.client': r'''
import http.client
def worker(n):
    c = http.client.HTTPConnection('127.0.0.1', PORT)
    for _ in range(n):
        c.request('GET', '/')
        r = c.getresponse()
        r.read()
    c.close()
    return n
if MODE == 'seq':
    t0 = time.perf_counter(); worker(N); report(N, time.perf_counter() - t0)
else:
    report(*run_workers(worker))
''',
    'urllib3': r'''
import urllib3
pool = urllib3.HTTPConnectionPool('127.0.0.1', PORT, maxsize=WORKERS, block=True)
def worker(n):
    for _ in range(n):
        r = pool.request('GET', '/')
        r.data
    return n
if MODE == 'seq':
    t0 = time.perf_counter(); worker(N); report(N, time.perf_counter() - t0)
else:
    report(*run_workers(worker))
''',
    'requests': r'''
import requests
def worker(n):
    s = requests.Session()
    for _ in range(n):
        s.get(URL).content
    s.close()
    return n
if MODE == 'seq':
    t0 = time.perf_counter(); worker(N); report(N, time.perf_counter() - t0)
else:
    report(*run_workers(worker))
''',
}

NODE_CLIENT = r'''
const http = require('http');
const PORT = +process.env.PORT, N = +process.env.N, MODE = process.env.MODE;
const WORKERS = +process.env.WORKERS;
const agent = new http.Agent({keepAlive: true, maxSockets: MODE === 'seq' ? 1 : WORKERS});
let started = 0, done = 0;
const t0 = process.hrtime.bigint();
function one() {
  if (started >= N) return;
  started++;
  http.get({host: '127.0.0.1', port: PORT, path: '/', agent}, (res) => {
    res.on('data', () => {});
    res.on('end', () => {
      done++;
      if (done === N) {
        const secs = Number(process.hrtime.bigint() - t0) / 1e9;
        const hwm = require('fs').readFileSync('/proc/self/status', 'utf8')
          .split('\n').find(l => l.startsWith('VmHWM:')).split(/\s+/)[1];
        console.log(JSON.stringify({n: done, secs, hwm_kb: +hwm}));
        agent.destroy();
      } else {
        setImmediate(one);
      }
    });
  });
}
for (let i = 0; i < (MODE === 'seq' ? 1 : WORKERS); i++) one();
'''


def start_server():
    if NODE:
        p = subprocess.Popen(pinned([NODE, '-e', SERVER_JS], SERVER_CPU),
                             stdout=subprocess.PIPE, text=True)
        kind = 'node %s' % subprocess.run([NODE, '--version'], capture_output=True,
                                         text=True).stdout.strip()
    else:
        p = subprocess.Popen(pinned([sys.executable, '-c', SERVER_PY], SERVER_CPU),
                             stdout=subprocess.PIPE, text=True)
        kind = 'nodehttp'
    port = int(p.stdout.readline())
    return p, port, kind


def run_client(name, port, n, mode, workers, timeout):
    env = dict(os.environ, PORT=str(port), N=str(n), MODE=mode, WORKERS=str(workers))
    if name == 'node':
        cmd = [NODE, '-e', NODE_CLIENT]
    else:
        cmd = [sys.executable, '-c', PY_PRELUDE + textwrap.dedent(CLIENTS[name])]
    try:
        p = subprocess.run(pinned(cmd, CLIENT_CPU), capture_output=True, text=True, env=env,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, 'timeout'
    if p.returncode != 0:
        return None, (p.stderr.strip().splitlines() or ['exit %d' % p.returncode])[-1]
    try:
        return json.loads(p.stdout.strip().splitlines()[-1]), None
    except (ValueError, IndexError):
        return None, 'no result'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-n', type=int, default=5000, help='requests per run (default 5000)')
    ap.add_argument('--workers', type=int, default=8, help='threads for the concurrent run')
    ap.add_argument('--only', default='', help='comma-separated client names')
    ap.add_argument('--timeout', type=float, default=120.0, help='seconds per client run')
    ap.add_argument('--repeat', type=int, default=3,
                    help='runs per client; the best is shown (default 3: the machine is noisy)')
    args = ap.parse_args()
    names = list(CLIENTS) + (['node'] if NODE else [])
    if args.only:
        names = [n for n in names if n in args.only.split(',')]
    srv, port, kind = start_server()
    print('server: %s on 127.0.0.1:%d; %d requests per run, %d workers for concurrent'
          % (kind, port, args.n, args.workers))
    print('pinning: %s; best of %d runs, the clients taking turns' % (describe('clients'),
                                                                     max(1, args.repeat)))
    try:
        for mode, label in (('seq', 'sequential (one keep-alive connection)'),
                            ('conc', 'concurrent (%d workers)' % args.workers)):
            print('\n%s' % label)
            print('%-18s %10s %12s %12s %14s' % ('client', 'req/s', 'vs http.client',
                                                 'vs requests', 'peak RSS (MiB)'))
            # The runs take turns (a, b, c, a, b, c, ...): a slow spell of the
            # machine then costs every client a run, not one client all of its.
            results = {name: (None, None) for name in names
                       if not (name == 'nodehttp-blocking' and mode != 'seq')}
            for _ in range(max(1, args.repeat)):
                for name in results:
                    if results[name][1] is not None:
                        continue            # (it failed: no more runs)
                    r, err = run_client(name, port, args.n, mode, args.workers, args.timeout)
                    if r is None:
                        results[name] = (None, err)
                        continue
                    best = results[name][0]
                    if best is None or r['n'] / r['secs'] > best['n'] / best['secs']:
                        results[name] = (r, None)
            base = results.get('http.client', (None,))[0]
            req_ = results.get('requests', (None,))[0]
            for name, (r, err) in results.items():
                if r is None:
                    print('%-18s %10s  (%s)' % (name, '-', err))
                    continue
                rps = r['n'] / r['secs']
                vs_hc = ('%.2fx' % (rps / (base['n'] / base['secs']))) if base else '-'
                vs_rq = ('%.2fx' % (rps / (req_['n'] / req_['secs']))) if req_ else '-'
                print('%-18s %10.0f %12s %12s %14.1f' % (name, rps, vs_hc, vs_rq,
                                                         r['hwm_kb'] / 1024.0))
    finally:
        srv.kill()
        srv.wait()


if __name__ == '__main__':
    main()
