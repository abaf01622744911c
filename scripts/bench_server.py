#!/usr/bin/env python3
"""Server benchmark: nodehttp beside http.server and Node, in one run.

    python scripts/bench_server.py [--duration 3] [--servers nodehttp,stdlib,node]
                                   [--scenarios ka1,ka16,ka128,close] [--repeat 5]
                                   [--json out.json]
    python scripts/bench_server.py --big [--big-size 1G]

Hello-world mode (the default): each server answers every request with
``200 okay`` (Content-Length, keep-alive):

- ``nodehttp``: ``nodehttp.createServer`` with the hello-world handler;
- ``stdlib``: ``http.server.ThreadingHTTPServer`` made fair: HTTP/1.1
  keep-alive, Content-Length, TCP_NODELAY on accepted sockets, no logging,
  and Node's listen backlog (511) instead of socketserver's 5;
- ``node``: Node's ``http.createServer`` hello world (when ``node`` is installed).

Scenarios: ``ka1``, ``ka16``, ``ka128`` (keep-alive with 1, 16 and 128
connections) and ``close`` (``Connection: close``, a new connection per
request, 16 at a time). The load generator is ``wrk`` (``--latency`` for
p50/p99, one thread) when it is installed, else a bounded Python load
generator (one process, non-blocking sockets, no pipelining; its latency of a
``close`` request includes the connect). With two or more CPUs, the server is
pinned to the first and the load generator to the second (``taskset``).

Each server is a subprocess on 127.0.0.1, port 0 (it prints ``PORT n``), is
checked with one request, warmed up for ``--warmup`` seconds, measured for
``--duration`` seconds per scenario, then stopped; the servers take turns
``--repeat`` times (5 by default) and each figure is the best of the rounds.
A shared machine's speed drifts over seconds: on the 2-CPU VM this was
written on, one server's rounds in one run spread by up to a quarter, and a
slow spell can cover all three rounds of one server, so the best of 3 still
compares two moments as much as two servers.  Besides
requests/s and latency, each row gives the server's CPU per request, user +
system (``/proc/<pid>/stat`` over the run, divided by the requests done).  A
server that cannot start (e.g. nodehttp's core missing) is reported as
unavailable; the others still run.

Big-body mode (``--big``): a ``--big-size`` (default 1 GiB) chunked upload
streamed through a handler that hashes it (sha256, checked), and a download
of the same size written by a handler in 64 KiB chunks, for nodehttp (and
Node beside it when selected). Reports throughput and the server process's
peak RSS during each transfer (``VmHWM`` from ``/proc/<pid>/status``, reset
through ``clear_refs`` before each transfer). Only 127.0.0.1 is ever
contacted, and every run and transfer is bounded in time.
"""

import argparse
import array
import errno
import hashlib
import http.client
import json
import math
import os
import re
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from _pinning import CLIENT_CPU, CPUS, SERVER_CPU, TASKSET, describe, pinned

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = '127.0.0.1'

# --- the servers -------------------------------------------------------------

NODEHTTP_HELLO = r'''
import nodehttp as http

def handler(req, res):
    res.writeHead(200, {'Content-Type': 'text/plain'})
    res.end('okay')

server = http.createServer(handler)
server.listen(0, '127.0.0.1', lambda: print('PORT', server.address()['port'], flush=True))
'''

STDLIB_HELLO = r'''
import http.server, socket

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', '4')
        self.end_headers()
        self.wfile.write(b'okay')

    def log_message(self, format, *args):
        pass

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 511  # Node's backlog; socketserver's 5 drops SYNs at 128 connections

    def get_request(self):
        sock, addr = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, addr

server = Server(('127.0.0.1', 0), Handler)
print('PORT', server.server_address[1], flush=True)
server.serve_forever()
'''

NODE_HELLO = r'''
const http = require('http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
'''

# Big-body servers: POST streams the body into sha256 and answers
# {"bytes", "sha256"}; GET /download/<n> writes n bytes in 64 KiB chunks
# (no Content-Length: chunked).
NODEHTTP_BIG = r'''
import hashlib, json
import nodehttp as http

BLOCK = bytes(range(256)) * 256  # 64 KiB

def handler(req, res):
    if req.method == 'POST':
        digest, n = hashlib.sha256(), 0
        for chunk in req:
            digest.update(chunk)
            n += len(chunk)
        body = json.dumps({'bytes': n, 'sha256': digest.hexdigest()})
        res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': str(len(body))})
        res.end(body)
        return
    for _ in req:  # no body; read to its end all the same
        pass
    size = int(req.url.rpartition('/')[2])
    res.writeHead(200, {'Content-Type': 'application/octet-stream'})
    sent = 0
    while sent < size:
        n = min(len(BLOCK), size - sent)
        res.write(BLOCK if n == len(BLOCK) else BLOCK[:n])
        sent += n
    res.end()

server = http.createServer(handler)
server.listen(0, '127.0.0.1', lambda: print('PORT', server.address()['port'], flush=True))
'''

NODE_BIG = r'''
const http = require('http');
const crypto = require('crypto');
const BLOCK = Buffer.alloc(65536);
for (let i = 0; i < BLOCK.length; i++) BLOCK[i] = i & 255;
const server = http.createServer((req, res) => {
  if (req.method === 'POST') {
    const digest = crypto.createHash('sha256');
    let n = 0;
    req.on('data', (chunk) => { digest.update(chunk); n += chunk.length; });
    req.on('end', () => {
      const body = JSON.stringify({ bytes: n, sha256: digest.digest('hex') });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
    return;
  }
  req.resume();
  const size = Number(req.url.split('/').pop());
  let sent = 0;
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  (function write() {
    while (sent < size) {
      const n = Math.min(BLOCK.length, size - sent);
      sent += n;
      if (!res.write(n === BLOCK.length ? BLOCK : BLOCK.subarray(0, n))) {
        res.once('drain', write);
        return;
      }
    }
    res.end();
  })();
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
'''

ALL_SERVERS = ('nodehttp', 'stdlib', 'node')
BIG_SERVERS = ('nodehttp', 'node')


def server_command(name, big=False):
    """Returns the argv that starts server ``name``, or None if it cannot run here."""
    if name == 'node':
        node = shutil.which('node')
        return [node, '-e', NODE_BIG if big else NODE_HELLO] if node else None
    if name == 'nodehttp':
        return [sys.executable, '-c', NODEHTTP_BIG if big else NODEHTTP_HELLO]
    if name == 'stdlib' and not big:
        return [sys.executable, '-c', STDLIB_HELLO]
    return None


# --- server processes ----------------------------------------------------------

class Unavailable(Exception):
    """A server that could not be started or did not answer correctly."""


class ServerProcess:
    """A server subprocess on 127.0.0.1 that printed ``PORT n``; a context manager."""

    START_TIMEOUT = 20.0  # s

    def __init__(self, name, argv, pythonpath):
        self.name = name
        self._stderr = tempfile.TemporaryFile()
        env = dict(os.environ)
        env['PYTHONPATH'] = os.pathsep.join(
            p for p in (pythonpath, env.get('PYTHONPATH')) if p)
        env['PYTHONUNBUFFERED'] = '1'
        try:
            self.proc = subprocess.Popen(
                pinned(argv, SERVER_CPU), cwd=pythonpath, env=env,
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as err:
            self._stderr.close()
            raise Unavailable('cannot start: %s' % err)
        self.pid = self.proc.pid  # taskset execs the server: same pid
        try:
            self.port = self._read_port()
        except BaseException:
            self.stop()
            raise

    def _read_port(self):
        deadline = time.monotonic() + self.START_TIMEOUT
        line = b''
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while not line.endswith(b'\n'):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not sel.select(remaining):
                    raise Unavailable('no PORT line within %g s%s'
                                      % (self.START_TIMEOUT, self.stderr_tail()))
                byte = os.read(self.proc.stdout.fileno(), 1)
                if not byte:
                    self.proc.wait(5)
                    raise Unavailable('exited with status %s before listening%s'
                                      % (self.proc.returncode, self.stderr_tail()))
                line += byte
        match = re.match(rb'PORT (\d+)\s*$', line)
        if not match:
            raise Unavailable('unexpected first line %r' % line)
        return int(match.group(1))

    def alive(self):
        return self.proc.poll() is None

    def stderr_tail(self, lines=6):
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode('utf-8', 'replace').strip()
        except (OSError, ValueError):
            return ''
        if not text:
            return ''
        return ':\n    ' + '\n    '.join(text.splitlines()[-lines:])

    def status(self):
        """/proc/<pid>/status as a dict of kB values (VmRSS, VmHWM), {} if unreadable."""
        out = {}
        try:
            with open('/proc/%d/status' % self.pid) as f:
                for row in f:
                    key, _, value = row.partition(':')
                    if key in ('VmRSS', 'VmHWM'):
                        out[key] = int(value.split()[0])
        except (OSError, ValueError):
            pass
        return out

    def cpu_seconds(self):
        """(user, system) CPU seconds the server used so far, None if unreadable."""
        try:
            with open('/proc/%d/stat' % self.pid) as f:
                fields = f.read().rpartition(')')[2].split()
            tick = os.sysconf('SC_CLK_TCK')
            return int(fields[11]) / tick, int(fields[12]) / tick
        except (OSError, ValueError, IndexError, AttributeError):
            return None

    def reset_peak_rss(self):
        """Resets VmHWM to the current RSS (Linux >= 4.0); False if not possible."""
        try:
            with open('/proc/%d/clear_refs' % self.pid, 'w') as f:
                f.write('5')
            return True
        except OSError:
            return False

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc.stdout.close()
        self._stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def check_hello(port):
    """One GET; raises Unavailable unless the answer is 200 ``okay``."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request('GET', '/')
        res = conn.getresponse()
        body = res.read()
    except (OSError, http.client.HTTPException) as err:
        raise Unavailable('check request failed: %r' % (err,))
    finally:
        conn.close()
    if res.status != 200 or body != b'okay':
        raise Unavailable('check request got %s %r' % (res.status, body[:60]))


# --- load generators -----------------------------------------------------------

class Scenario:
    def __init__(self, name, title, conns, close):
        self.name, self.title, self.conns, self.close = name, title, conns, close


SCENARIOS = {s.name: s for s in (
    Scenario('ka1', 'keep-alive, 1 conn', 1, False),
    Scenario('ka16', 'keep-alive, 16 conns', 16, False),
    Scenario('ka128', 'keep-alive, 128 conns', 128, False),
    Scenario('close', 'Connection: close, 16 at a time', 16, True),
)}

_UNITS = {'us': 1e-6, 'ms': 1e-3, 's': 1.0, 'm': 60.0, 'h': 3600.0}


def _seconds(text):
    match = re.match(r'([\d.]+)(us|ms|s|m|h)$', text)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else None


def parse_wrk(out):
    """Requests/s, p50 and p99 (seconds), requests and errors from wrk --latency output."""
    result = {'rps': None, 'p50': None, 'p99': None, 'requests': None, 'errors': 0}
    match = re.search(r'^Requests/sec:\s+([\d.]+)', out, re.M)
    if match:
        result['rps'] = float(match.group(1))
    for pct, key in (('50', 'p50'), ('99', 'p99')):
        match = re.search(r'^\s+%s(?:\.0+)?%%\s+(\S+)' % pct, out, re.M)
        if match:
            result[key] = _seconds(match.group(1))
    match = re.search(r'^\s+(\d+) requests in', out, re.M)
    if match:
        result['requests'] = int(match.group(1))
    match = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', out)
    if match:
        # wrk counts the server's close after a "Connection: close" reply as a
        # read error on some versions; only connect/write/timeout are failures.
        result['errors'] += int(match.group(1)) + int(match.group(3)) + int(match.group(4))
    match = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    if match:
        result['errors'] += int(match.group(1))
    return result


def run_wrk(port, scenario, duration):
    secs = max(1, int(math.ceil(duration)))  # wrk takes whole seconds
    argv = ['wrk', '-t1', '-c%d' % scenario.conns, '-d%ds' % secs, '--latency',
            '--timeout', '5s']
    if scenario.close:
        argv += ['-H', 'Connection: close']
    argv.append('http://%s:%d/' % (HOST, port))
    proc = subprocess.run(pinned(argv, CLIENT_CPU), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=secs + 60)
    out = proc.stdout.decode('utf-8', 'replace')
    result = parse_wrk(out)
    if proc.returncode != 0 or result['rps'] is None:
        raise RuntimeError('wrk failed (%s): %s' % (proc.returncode, out.strip()[-500:]))
    return result


class _Conn:
    __slots__ = ('sock', 'out', 'buf', 't0', 'done', 'need')


def python_loadgen(port, conns, close, duration, max_requests):
    """A bounded load generator: ``conns`` connections, one request in flight each.

    Stops after ``duration`` seconds or ``max_requests`` responses. With
    ``close``, every request is ``Connection: close`` on a new connection and
    the server's close is awaited (so TIME_WAIT stays on the server's side);
    the latency then includes the connect. Returns the result dict.
    """
    request = ('GET / HTTP/1.1\r\nHost: %s:%d\r\n%s\r\n'
               % (HOST, port, 'Connection: close\r\n' if close else '')).encode()
    sel = selectors.DefaultSelector()
    latencies = array.array('d')
    errors = 0
    now = time.perf_counter

    def open_conn(c):
        c.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c.sock.setblocking(False)
        c.t0 = now()
        c.out, c.buf, c.done, c.need = request, b'', False, None
        err = c.sock.connect_ex((HOST, port))
        if err not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
            raise OSError(err, os.strerror(err))
        sel.register(c.sock, selectors.EVENT_WRITE, c)

    def drop(c):
        sel.unregister(c.sock)
        c.sock.close()

    def next_request(c):
        if close:
            drop(c)
            open_conn(c)
        else:
            c.t0 = now()
            c.out, c.buf, c.done, c.need = request, b'', False, None
            sel.modify(c.sock, selectors.EVENT_WRITE, c)

    def complete(c):
        """True once the buffered response is whole (Content-Length or chunked)."""
        if c.need is None:
            head_end = c.buf.find(b'\r\n\r\n')
            if head_end < 0:
                return False
            head = c.buf[:head_end].lower()
            match = re.search(rb'\r\ncontent-length:\s*(\d+)', head)
            if match:
                c.need = head_end + 4 + int(match.group(1))
            elif b'\r\ntransfer-encoding: chunked' in head:
                c.need = -1
            else:
                c.need = -2  # delimited by EOF
        if c.need >= 0:
            return len(c.buf) >= c.need
        if c.need == -1:
            return c.buf.endswith(b'0\r\n\r\n')
        return False

    pool = []
    for _ in range(conns):
        c = _Conn()
        open_conn(c)
        pool.append(c)
    start = now()
    deadline = start + duration
    while len(latencies) < max_requests:
        t = now()
        if t >= deadline:
            break
        for key, mask in sel.select(min(0.1, deadline - t)):
            c = key.data
            try:
                if mask & selectors.EVENT_WRITE:
                    sent = c.sock.send(c.out)
                    c.out = c.out[sent:]
                    if not c.out:
                        sel.modify(c.sock, selectors.EVENT_READ, c)
                    continue
                data = c.sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                errors += 1
                drop(c)
                open_conn(c)
                continue
            if data and not c.done:
                c.buf += data
                if complete(c):
                    latencies.append(now() - c.t0)
                    c.done = True
                    if not close:
                        next_request(c)
                continue
            if not data:  # EOF
                if not c.done and c.need == -2 and c.buf:
                    latencies.append(now() - c.t0)
                elif not c.done:
                    errors += 1
                drop(c)
                open_conn(c)
    elapsed = now() - start
    for c in pool:
        try:
            sel.unregister(c.sock)
        except (KeyError, ValueError):
            pass
        c.sock.close()
    sel.close()
    ordered = sorted(latencies)
    n = len(ordered)

    def pct(p):
        return ordered[min(n - 1, int(round(p * (n - 1))))] if n else None

    return {'rps': n / elapsed if elapsed > 0 else None, 'p50': pct(0.50),
            'p99': pct(0.99), 'requests': n, 'errors': errors}


def run_python_loadgen(port, scenario, duration, max_requests):
    """Runs python_loadgen in its own (pinned) process; returns its result."""
    argv = [sys.executable, os.path.abspath(__file__), '--_loadgen',
            json.dumps([port, scenario.conns, scenario.close, duration, max_requests])]
    proc = subprocess.run(pinned(argv, CLIENT_CPU), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=duration + 60)
    if proc.returncode != 0:
        raise RuntimeError('load generator failed: %s'
                           % proc.stderr.decode('utf-8', 'replace').strip()[-500:])
    return json.loads(proc.stdout)


# --- hello-world mode ----------------------------------------------------------

def _fmt_time(seconds):
    if seconds is None:
        return '-'
    if seconds < 1e-3:
        return '%.0fus' % (seconds * 1e6)
    if seconds < 1:
        return '%.2fms' % (seconds * 1e3)
    return '%.2fs' % seconds


def add_cpu_per_request(res, before, after):
    """Adds the server's user and system CPU per request (us) to a load result."""
    n = res.get('requests')
    if before is None or after is None or not n:
        return
    res['user_us'] = (after[0] - before[0]) / n * 1e6
    res['sys_us'] = (after[1] - before[1]) / n * 1e6


def _fmt_cpu(res):
    if 'user_us' not in res:
        return '-'
    return '%.1f+%.1fus' % (res['user_us'], res['sys_us'])


def _fmt_ratio(a, b):
    if not a or not b:
        return '-'
    return '%.2fx' % (a / b)


def run_hello(args, servers, scenarios):
    use_wrk = args.loadgen == 'wrk' or (args.loadgen == 'auto' and shutil.which('wrk'))
    if args.loadgen == 'wrk' and not shutil.which('wrk'):
        sys.exit('--loadgen wrk: wrk is not installed')

    def load(port, scenario, duration):
        if use_wrk:
            return run_wrk(port, scenario, duration)
        return run_python_loadgen(port, scenario, duration, args.max_requests)

    rounds = max(1, args.repeat)
    print('load generator: %s; pinning: %s; duration %gs per scenario, warm-up %gs%s'
          % ('wrk' if use_wrk else 'python (bounded, one process)',
             describe('load'), args.duration, args.warmup,
             '; best of %d rounds, the servers taking turns' % rounds if rounds > 1 else ''))
    results = {}  # (server, scenario) -> result dict, or str (why not)
    notes = {}
    # A round runs every server in turn: a slow spell of the machine then
    # costs each server a round, not one server all of its runs.
    for name in [n for _ in range(rounds) for n in servers]:
        if name in notes:
            continue
        argv = server_command(name)
        if argv is None:
            notes[name] = 'unavailable: %s' % ('node is not installed' if name == 'node'
                                               else 'no command')
            print('%-9s %s' % (name, notes[name]), flush=True)
            continue
        try:
            with ServerProcess(name, argv, args.nodehttp_path) as server:
                check_hello(server.port)
                if args.warmup > 0:
                    try:
                        load(server.port, SCENARIOS['ka16'], args.warmup)
                    except Exception as err:  # the scenario itself will tell
                        print('%-9s warm-up: %s' % (name, err), flush=True)
                for sc in scenarios:
                    if not server.alive():
                        if not isinstance(results.get((name, sc.name)), dict):
                            results[(name, sc.name)] = 'server died%s' % server.stderr_tail()
                        continue
                    cpu0 = server.cpu_seconds()
                    try:
                        res = load(server.port, sc, args.duration)
                    except Exception as err:
                        res = 'failed: %s' % (err,)
                    best = results.get((name, sc.name))
                    if not isinstance(best, dict) or (
                            isinstance(res, dict) and (res['rps'] or 0) > (best['rps'] or 0)):
                        results[(name, sc.name)] = res
                    if isinstance(res, dict):
                        add_cpu_per_request(res, cpu0, server.cpu_seconds())
                        print('%-9s %-32s %10.0f req/s  p50 %-8s p99 %-8s cpu/req %s  errors %d'
                              % (name, sc.title, res['rps'] or 0, _fmt_time(res['p50']),
                                 _fmt_time(res['p99']), _fmt_cpu(res), res['errors']),
                              flush=True)
                    else:
                        print('%-9s %-32s %s' % (name, sc.title, res), flush=True)
                    if args.pause:
                        time.sleep(args.pause)
        except Unavailable as err:
            notes[name] = 'unavailable: %s' % (err,)
            print('%-9s %s' % (name, notes[name]), flush=True)

    # The table.
    print()
    header = '%-32s %-9s %12s %9s %9s %15s %7s' % ('scenario', 'server', 'req/s', 'p50', 'p99',
                                                   'cpu/req usr+sys', 'errors')
    print(header)
    print('-' * len(header))
    for sc in scenarios:
        for name in servers:
            res = results.get((name, sc.name), notes.get(name, '-'))
            if isinstance(res, dict):
                print('%-32s %-9s %12.0f %9s %9s %15s %7d'
                      % (sc.title, name, res['rps'] or 0, _fmt_time(res['p50']),
                         _fmt_time(res['p99']), _fmt_cpu(res), res['errors']))
            else:
                print('%-32s %-9s %s' % (sc.title, name, str(res).splitlines()[0][:60]))
        ratios = []
        nh = results.get(('nodehttp', sc.name))
        for other in ('stdlib', 'node'):
            ot = results.get((other, sc.name))
            if isinstance(nh, dict) and isinstance(ot, dict):
                ratios.append('nodehttp/%s: req/s %s, p50 %s'
                              % (other, _fmt_ratio(nh['rps'], ot['rps']),
                                 _fmt_ratio(nh['p50'], ot['p50'])))
        if ratios:
            print('%-32s %s' % ('  ratios', '; '.join(ratios)))
    for name, note in notes.items():
        print('%s: %s' % (name, note))
    return {'mode': 'hello', 'loadgen': 'wrk' if use_wrk else 'python',
            'duration': args.duration,
            'results': [dict(server=s, scenario=c, **(r if isinstance(r, dict) else {'error': r}))
                        for (s, c), r in results.items()],
            'notes': notes}


# --- big-body mode -------------------------------------------------------------

BLOCK = bytes(range(256)) * 256  # 64 KiB, the same pattern as the servers'


class _RssSampler(threading.Thread):
    """Samples a process's VmRSS every 20 ms: the peak where VmHWM can't be reset."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self._done = server, 0, threading.Event()

    def run(self):
        while not self._done.wait(0.02):
            self.peak = max(self.peak, self.server.status().get('VmRSS', 0))

    def stop(self):
        self._done.set()
        self.join()
        return self.peak


def _expected_sha256(size):
    digest = hashlib.sha256()
    whole, rest = divmod(size, len(BLOCK))
    for _ in range(whole):
        digest.update(BLOCK)
    digest.update(BLOCK[:rest])
    return digest.hexdigest()


def big_upload(port, size, deadline):
    """POSTs ``size`` bytes chunked; returns the server's JSON answer."""
    sock = socket.create_connection((HOST, port), timeout=60)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(('POST /upload HTTP/1.1\r\nHost: %s:%d\r\n'
                      'Content-Type: application/octet-stream\r\n'
                      'Transfer-Encoding: chunked\r\n\r\n' % (HOST, port)).encode())
        sent = 0
        while sent < size:
            if time.monotonic() > deadline:
                raise TimeoutError('upload not done in time (%d of %d bytes)' % (sent, size))
            n = min(len(BLOCK), size - sent)
            sock.sendall(b'%x\r\n' % n)
            sock.sendall(BLOCK if n == len(BLOCK) else BLOCK[:n])
            sock.sendall(b'\r\n')
            sent += n
        sock.sendall(b'0\r\n\r\n')
        res = http.client.HTTPResponse(sock, method='POST')
        res.begin()
        body = res.read()
        if res.status != 200:
            raise RuntimeError('upload answered %s %r' % (res.status, body[:200]))
        return json.loads(body)
    finally:
        sock.close()


def big_download(port, size, deadline):
    """GETs ``size`` bytes; returns how many arrived."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request('GET', '/download/%d' % size)
        res = conn.getresponse()
        if res.status != 200:
            raise RuntimeError('download answered %s' % res.status)
        buf = bytearray(1 << 20)
        view = memoryview(buf)
        got = 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError('download not done in time (%d of %d bytes)' % (got, size))
            n = res.readinto(view)
            if not n:
                break
            got += n
        return got
    finally:
        conn.close()


def _mib(kib):
    return '%.1f MiB' % (kib / 1024.0) if kib else '-'


def run_big(args, servers):
    size = args.big_size
    print('big bodies: %d bytes (%.2f GiB) up and down; pinning: %s'
          % (size, size / 2.0 ** 30, describe('client')), flush=True)
    expected = _expected_sha256(size)
    old_affinity = None
    if TASKSET and hasattr(os, 'sched_setaffinity'):
        old_affinity = os.sched_getaffinity(0)
    report = []
    for name in servers:
        if name not in BIG_SERVERS:
            print('%-9s not part of --big (%s only)' % (name, ', '.join(BIG_SERVERS)))
            continue
        argv = server_command(name, big=True)
        if argv is None:
            print('%-9s unavailable: node is not installed' % name)
            report.append({'server': name, 'error': 'node is not installed'})
            continue
        row = {'server': name}
        try:
            with ServerProcess(name, argv, args.nodehttp_path) as server:
                row['rss_idle_kib'] = server.status().get('VmRSS')
                if old_affinity is not None:
                    os.sched_setaffinity(0, {CLIENT_CPU})
                try:
                    for what, transfer in (('upload', big_upload), ('download', big_download)):
                        reset = server.reset_peak_rss()
                        sampler = _RssSampler(server)
                        sampler.start()
                        t0 = time.perf_counter()
                        try:
                            out = transfer(server.port, size, time.monotonic() + args.big_timeout)
                        except Exception as err:
                            sampler.stop()
                            row[what] = 'failed: %r%s' % (err, server.stderr_tail())
                            print('%-9s %-8s %s' % (name, what, row[what]), flush=True)
                            continue
                        elapsed = time.perf_counter() - t0
                        sampled = sampler.stop()
                        hwm = server.status().get('VmHWM') if reset else None
                        peak = max(hwm or 0, sampled) or None
                        ok = (out == {'bytes': size, 'sha256': expected} if what == 'upload'
                              else out == size)
                        row[what] = {'seconds': elapsed, 'mib_per_s': size / elapsed / 2 ** 20,
                                     'peak_rss_kib': peak, 'peak_from': 'VmHWM' if hwm else
                                     'sampled VmRSS', 'ok': ok}
                        print('%-9s %-8s %8.1f MiB/s  %6.2f s  peak RSS %s (%s)%s'
                              % (name, what, row[what]['mib_per_s'], elapsed, _mib(peak),
                                 row[what]['peak_from'], '' if ok else '  WRONG: %r' % (out,)),
                              flush=True)
                finally:
                    if old_affinity is not None:
                        os.sched_setaffinity(0, old_affinity)
        except Unavailable as err:
            row['error'] = 'unavailable: %s' % (err,)
            print('%-9s %s' % (name, row['error']), flush=True)
        report.append(row)
    return {'mode': 'big', 'size': size, 'results': report}


# --- command line --------------------------------------------------------------

def _size(text):
    match = re.match(r'(\d+)([KMG]i?B?)?$', text.strip(), re.I)
    if not match:
        raise argparse.ArgumentTypeError('size like 1G, 256M or 1048576: %r' % text)
    unit = (match.group(2) or '')[:1].upper()
    return int(match.group(1)) * {'': 1, 'K': 2 ** 10, 'M': 2 ** 20, 'G': 2 ** 30}[unit]


def _names(allowed):
    def parse(text):
        names = [n.strip() for n in text.split(',') if n.strip()]
        bad = [n for n in names if n not in allowed]
        if bad or not names:
            raise argparse.ArgumentTypeError('choose from %s' % ','.join(allowed))
        return names
    return parse


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--duration', type=float, default=3.0,
                        help='seconds per scenario (wrk rounds up to whole seconds; default 3)')
    parser.add_argument('--warmup', type=float, default=1.0,
                        help='seconds of warm-up per server (default 1)')
    parser.add_argument('--servers', type=_names(ALL_SERVERS), default=list(ALL_SERVERS),
                        help='comma-separated, from %s' % ','.join(ALL_SERVERS))
    parser.add_argument('--scenarios', type=_names(tuple(SCENARIOS)), default=list(SCENARIOS),
                        help='comma-separated, from %s' % ','.join(SCENARIOS))
    parser.add_argument('--loadgen', choices=('auto', 'wrk', 'python'), default='auto',
                        help='wrk if installed (auto), or the bounded Python generator')
    parser.add_argument('--max-requests', type=int, default=2_000_000,
                        help='Python load generator: stop after this many responses')
    parser.add_argument('--repeat', type=int, default=5,
                        help='rounds over the servers; each figure is the best round (default 5)')
    parser.add_argument('--pause', type=float, default=0.5,
                        help='seconds between scenarios, for closed connections to go')
    parser.add_argument('--big', action='store_true',
                        help='big-body mode: chunked upload and download through nodehttp')
    parser.add_argument('--big-size', type=_size, default=2 ** 30,
                        help='bytes each way in --big mode (default 1G)')
    parser.add_argument('--big-timeout', type=float, default=600.0,
                        help='seconds allowed for each --big transfer (default 600)')
    parser.add_argument('--nodehttp-path', default=REPO,
                        help='directory put first on the nodehttp server\'s PYTHONPATH '
                             '(default: this checkout)')
    parser.add_argument('--json', metavar='PATH', help='also write the results as JSON')
    parser.add_argument('--_loadgen', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._loadgen:  # the child process of run_python_loadgen
        port, conns, close, duration, max_requests = json.loads(args._loadgen)
        json.dump(python_loadgen(port, conns, close, duration, max_requests), sys.stdout)
        return 0

    node = shutil.which('node')
    node_version = subprocess.run([node, '--version'], stdout=subprocess.PIPE,
                                  timeout=30).stdout.decode().strip() if node else 'not installed'
    print('python %s, node %s, %d CPU%s' % (sys.version.split()[0], node_version,
                                           len(CPUS), '' if len(CPUS) == 1 else 's'))
    if args.big:
        report = run_big(args, args.servers)
    else:
        report = run_hello(args, args.servers, [SCENARIOS[n] for n in args.scenarios])
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
