"""The twin runner: the same raw request bytes against Node and nodehttp.

A test module gets one long-lived `node` process (the `wire` fixture in
conftest.py).  For each scenario the test gives

- `js`: a JS function `(server, log) => {...}` that sets the server up
  (usually `server.on('request', (req, res) => ...)`), run inside that node
  process on a fresh `http.createServer(options)`;
- `py`: the same function ported, `py(server, log)`, run in this process on a
  fresh `nodehttp.createServer(options)`;
- the raw request bytes (or a list of pieces, sent with a short pause between).

Both servers listen on 127.0.0.1; a plain socket sends the bytes to each (the
two exchanges run at the same time), reads the responses with a small
HTTP/1.x framing reader, then watches briefly whether the server closes the
connection.  `Twin.check()` asserts that the exact bytes (with `Date:` values
masked), the kept/closed verdict and what the handler logged are the same,
and returns the Node result for further assertions.

`log(x)` records what a handler saw; values are normalised to JSON (bytes and
Buffers become `{'$bytes': latin1}`, tuples lists, None null).
"""

import json
import os
import re
import select
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import nodehttp as http

NODE = shutil.which('node')

_NODE_SCRIPT = r'''
'use strict';
const http = require('http');
const net = require('net');
const readline = require('readline');
const servers = new Map();
function reply(o) { process.stdout.write(JSON.stringify(o) + '\n'); }
function norm(v) {
  return JSON.parse(JSON.stringify(v === undefined ? null : v, (k, x) => {
    if (x && x.type === 'Buffer' && Array.isArray(x.data))
      return { '$bytes': Buffer.from(x.data).toString('latin1') };
    if (x === undefined) return null;
    return x;
  }));
}
process.on('uncaughtException', (e) => { process.stderr.write('uncaught: ' + (e && e.stack) + '\n'); });
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const m = JSON.parse(line);
  try {
    if (m.cmd === 'start') {
      const st = { logs: [], waiters: [] };
      const log = (...a) => {
        st.logs.push(norm(a.length === 1 ? a[0] : a));
        st.waiters = st.waiters.filter((w) => !w());
      };
      const server = http.createServer(m.options || {});
      st.server = server;
      servers.set(m.id, st);
      const setup = eval('(' + m.js + ')');
      setup(server, log);
      server.listen(0, '127.0.0.1', () => reply({ id: m.id, port: server.address().port }));
    } else if (m.cmd === 'log') {
      const st = servers.get(m.id);
      const done = () => {
        if (st.logs.length >= (m.min || 0)) { reply({ id: m.id, logs: st.logs }); return true; }
        return false;
      };
      if (!done()) {
        let fired = false;
        const w = () => { if (fired) return true; if (done()) { fired = true; return true; } return false; };
        st.waiters.push(w);
        setTimeout(() => { if (!fired) { fired = true; reply({ id: m.id, logs: st.logs }); } }, m.timeout || 1000);
      }
    } else if (m.cmd === 'stop') {
      const st = servers.get(m.id);
      servers.delete(m.id);
      if (st.server.listening) { st.server.closeAllConnections(); st.server.close(); }
      reply({ id: m.id });
    }
  } catch (e) {
    reply({ id: m.id, error: String(e && e.stack) });
  }
});
'''

_DATE = re.compile(rb'(\r\n[Dd]ate: )[^\r\n]*')


def mask(raw):
    """Masks the values of Date headers (they differ by the clock)."""
    return _DATE.sub(rb'\1<date>', raw)


def norm(v):
    """What the JS side's norm() does, on Python values."""
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {'$bytes': bytes(v).decode('latin-1')}
    if isinstance(v, dict):
        return {str(k): norm(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


class NodeHost:
    """One node process hosting any number of scenario servers."""

    def __init__(self):
        self._dir = tempfile.mkdtemp(prefix='nodehttp-wire-')
        path = os.path.join(self._dir, 'host.js')
        with open(path, 'w') as f:
            f.write(_NODE_SCRIPT)
        self.proc = subprocess.Popen([NODE, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self._lock = threading.Lock()
        self._next = 0

    def call(self, msg, timeout=10):
        with self._lock:
            self._next += 1
            msg.setdefault('id', self._next)
            self.proc.stdin.write((json.dumps(msg) + '\n').encode())
            self.proc.stdin.flush()
            fd = self.proc.stdout.fileno()
            r, _, _ = select.select([fd], [], [], timeout)
            if not r:
                raise RuntimeError('node host did not answer %r' % msg)
            line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError('node host died: %s' % self.proc.stderr.read().decode(errors='replace'))
        out = json.loads(line)
        if 'error' in out:
            raise RuntimeError('node: ' + out['error'])
        return out

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(0.2)
        except subprocess.TimeoutExpired:
            self.proc.terminate()      # keep-alive timers would hold it a while
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        shutil.rmtree(self._dir, ignore_errors=True)


class NodeServer:
    def __init__(self, host, js, options):
        self.host = host
        out = host.call({'cmd': 'start', 'js': js, 'options': options or {}})
        self.id = out['id']
        self.port = out['port']

    def logs(self, min_count=0, timeout=1.0):
        return self.host.call({'cmd': 'log', 'id': self.id, 'min': min_count,
                               'timeout': int(timeout * 1000)}, timeout + 5)['logs']

    def stop(self):
        self.host.call({'cmd': 'stop', 'id': self.id})


class PyServer:
    def __init__(self, py, options):
        self._logs = []
        self._cond = threading.Condition()
        self.server = http.createServer(dict(options or {}))
        py(self.server, self.log)
        self.server.listen(0, '127.0.0.1')
        self.port = self.server.address()['port']

    def log(self, *a):
        with self._cond:
            self._logs.append(norm(a[0] if len(a) == 1 else list(a)))
            self._cond.notify_all()

    def logs(self, min_count=0, timeout=1.0):
        with self._cond:
            self._cond.wait_for(lambda: len(self._logs) >= min_count, timeout)
            return list(self._logs)

    def stop(self):
        if self.server.listening:
            self.server.closeAllConnections()
            self.server.close()


class Result:
    """What one server sent back: `raw` (Date masked), `responses`, `closed`, `logs`."""

    def __init__(self, raw, responses, closed):
        self.raw = raw
        self.responses = responses
        self.closed = closed
        self.logs = None

    @property
    def status(self):
        return [r.status for r in self.responses]

    def __repr__(self):
        return 'Result(closed=%r, raw=%r, logs=%r)' % (self.closed, self.raw, self.logs)


class Response:
    def __init__(self, head, body, trailers=b''):
        self.head = head
        self.body = body
        self.trailers = trailers
        first, _, rest = head.partition(b'\r\n')
        self.status_line = first
        self.status = int(first.split(b' ')[1])
        self.headers = []
        for line in rest.split(b'\r\n'):
            if line:
                k, _, v = line.partition(b':')
                self.headers.append((k.decode('latin-1'), v.strip().decode('latin-1')))

    def header(self, name):
        vals = [v for k, v in self.headers if k.lower() == name.lower()]
        return vals[0] if len(vals) == 1 else (vals or None)

    def __repr__(self):
        return 'Response(%r, %r)' % (self.head, self.body)


def parse_responses(buf, methods=(), eof=False):
    """Splits buf into responses.  Returns (responses, complete_finals, upgraded)."""
    out = []
    finals = 0
    pos = 0
    while True:
        end = buf.find(b'\r\n\r\n', pos)
        if end < 0:
            return out, finals, False
        head = buf[pos:end]
        try:
            resp = Response(head, b'')
        except (IndexError, ValueError):
            return out, finals, False
        pos = end + 4
        st = resp.status
        if 100 <= st < 200 and st != 101:
            out.append(resp)
            continue
        if st == 101:
            resp.body = buf[pos:]
            out.append(resp)
            return out, finals + 1, True
        method = methods[finals] if finals < len(methods) else 'GET'
        te = (resp.header('transfer-encoding') or '')
        cl = resp.header('content-length')
        if method == 'HEAD' or st in (204, 304):
            pass
        elif isinstance(te, str) and 'chunked' in te.lower():
            body = b''
            p = pos
            while True:
                le = buf.find(b'\r\n', p)
                if le < 0:
                    return out, finals, False
                size = int(buf[p:le].split(b';')[0], 16)
                p = le + 2
                if size == 0:
                    te_end = buf.find(b'\r\n', p)
                    if te_end < 0:
                        return out, finals, False
                    if te_end == p:
                        p += 2
                        break
                    tend = buf.find(b'\r\n\r\n', p)
                    if tend < 0:
                        return out, finals, False
                    resp.trailers = buf[p:tend]
                    p = tend + 4
                    break
                if len(buf) < p + size + 2:
                    return out, finals, False
                body += buf[p:p + size]
                p += size + 2
            resp.body = body
            pos = p
        elif isinstance(cl, str):
            n = int(cl)
            if len(buf) < pos + n:
                return out, finals, False
            resp.body = buf[pos:pos + n]
            pos += n
        else:
            if not eof:
                return out, finals, False
            resp.body = buf[pos:]
            pos = len(buf)
        out.append(resp)
        finals += 1


def _methods_of(data):
    return [m.decode() for m in re.findall(rb'(?:^|\r\n\r\n|\n)([A-Z]+) [^ \r\n]+ HTTP/', data)]


def exchange(port, data, n=1, methods=None, timeout=3.0, close_wait=0.12, pause=0.05,
             shut_wr=False, until_close=False, path=None):
    """Sends data (bytes, or a list of pieces sent `pause` s apart) and reads
    until n final responses are complete; then waits `close_wait` s for EOF.

    Returns a Result.  until_close: read until the server closes (timeout).
    n=0: close the connection right after sending."""
    pieces = data if isinstance(data, list) else [data]
    if methods is None:
        methods = _methods_of(b''.join(pieces))
    if path is not None:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
    else:
        s = socket.create_connection(('127.0.0.1', port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1) if path is None else None
    buf = b''
    closed = False
    deadline = time.monotonic() + timeout
    try:
        for i, p in enumerate(pieces):
            if i:
                time.sleep(pause)
            try:
                s.sendall(p)
            except OSError:
                break
        if shut_wr:
            s.shutdown(socket.SHUT_WR)
        if n == 0:          # hang up at once (a client that leaves)
            return Result(b'', [], False)
        got_all_at = None
        while True:
            now = time.monotonic()
            if got_all_at is not None:
                wait = got_all_at + close_wait - now
            else:
                wait = deadline - now
            if wait <= 0:
                break
            r, _, _ = select.select([s], [], [], wait)
            if not r:
                continue
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                chunk = b''
            if not chunk:
                closed = True
                break
            buf += chunk
            if got_all_at is None and not until_close:
                _, finals, upgraded = parse_responses(buf, methods)
                if finals >= n or upgraded:
                    got_all_at = time.monotonic()
    finally:
        s.close()
    responses, _, _ = parse_responses(buf, methods, eof=closed)
    return Result(mask(buf), responses, closed)


def _short(b, limit=400):
    return repr(b) if len(b) <= limit else '%r ... (%d bytes)' % (b[:limit], len(b))


def _diff(a, b):
    """Where two byte strings part, for assertion messages that stay readable."""
    if len(a) <= 600 and len(b) <= 600:
        return '\n node: %r\n   py: %r' % (a, b)
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    lo = max(0, i - 120)
    return ('\n lengths: node %d, py %d; first difference at %d\n node: ...%s\n   py: ...%s'
            % (len(a), len(b), i, _short(a[lo:i + 200]), _short(b[lo:i + 200])))


class Twin:
    """The per-module runner: node host + helpers."""

    def __init__(self, host):
        self.host = host

    def run(self, js, py, data, options=None, logs=None, **kw):
        """Runs the scenario on both servers; returns (node Result, py Result)."""
        ns = NodeServer(self.host, js, options)
        ps = PyServer(py, options)
        results = {}
        try:
            def one(name, port):
                results[name] = exchange(port, data, **kw)

            t = threading.Thread(target=one, args=('node', ns.port))
            t.start()
            one('py', ps.port)
            t.join()
            nr, pr = results['node'], results['py']
            settle = 2.0 if logs else 0.3
            if logs:
                nr.logs = ns.logs(logs, settle)
                pr.logs = ps.logs(logs, settle)
            else:
                pr.logs = ps.logs(0, 0)
                nr.logs = ns.logs(len(pr.logs), settle)
                pr.logs = ps.logs(len(nr.logs), settle)
        finally:
            ns.stop()
            ps.stop()
        return nr, pr

    def check(self, js, py, data, options=None, logs=None, **kw):
        """Runs the scenario and asserts nodehttp == Node; returns the Node result."""
        nr, pr = self.run(js, py, data, options, logs, **kw)
        assert pr.raw == nr.raw, 'bytes differ%s' % _diff(nr.raw, pr.raw)
        assert pr.closed == nr.closed, 'node closed=%s, py closed=%s' % (nr.closed, pr.closed)
        assert pr.logs == nr.logs, 'logs differ\n node: %r\n   py: %r' % (nr.logs, pr.logs)
        return nr

    def node(self, js, data, options=None, **kw):
        """Node alone (for expectations that nodehttp documents differently)."""
        ns = NodeServer(self.host, js, options)
        try:
            r = exchange(ns.port, data, **kw)
            r.logs = ns.logs(0, 0)
        finally:
            ns.stop()
        return r


def handler_js(body):
    """JS setup for a plain request handler: body sees req, res, log, server."""
    return '(server, log) => { server.on("request", (req, res) => {\n%s\n}); }' % body


def on_request(fn):
    """Python setup for a plain request handler fn(req, res, log, server)."""
    def setup(server, log):
        server.on('request', lambda req, res: fn(req, res, log, server))
    return setup


GET = b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'


_SCENARIO_SCRIPT = r'''
'use strict';
const stream = require('stream');
const { Readable, Writable, PassThrough, Duplex } = stream;
const http = require('http');
const scenarios = JSON.parse(require('fs').readFileSync(0, 'utf8'));
function norm(v) {
  return JSON.parse(JSON.stringify(v === undefined ? null : v, (k, x) => {
    if (x && x.type === 'Buffer' && Array.isArray(x.data))
      return { '$bytes': Buffer.from(x.data).toString('latin1') };
    return x === undefined ? null : x;
  }));
}
(async () => {
  const out = {};
  for (const [name, src] of Object.entries(scenarios)) {
    const logs = [];
    const log = (...a) => logs.push(norm(a.length === 1 ? a[0] : a));
    try {
      eval('(' + src + ')')(log);
    } catch (e) {
      logs.push('threw ' + (e.code || e.message));
    }
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    out[name] = logs;
  }
  process.stdout.write(JSON.stringify(out));
})();
'''


class Twins:
    """A test module's twin scenarios, registered with a decorator:
    `@scenario(js)` over the Python port `def name(log)`.  `js` maps each
    name to its JS (`(log) => {...}`, run by node_scenarios), `py` to the port
    (run by run_on_tick)."""

    def __init__(self):
        self.js = {}
        self.py = {}

    def __call__(self, js):
        def deco(fn):
            self.js[fn.__name__] = js
            self.py[fn.__name__] = fn
            return fn
        return deco


def node_scenarios(scenarios):
    """Runs {name: 'log => {...}' JS} in one node process; returns {name: logs}."""
    proc = subprocess.run([NODE, '-e', _SCENARIO_SCRIPT], input=json.dumps(scenarios).encode(),
                          capture_output=True, timeout=20)
    if proc.returncode:
        raise RuntimeError(proc.stderr.decode(errors='replace'))
    return json.loads(proc.stdout)


def run_on_thread(fn):
    """Runs fn(log) on a thread of the user's (not nodehttp's: the main
    script's kind, whose tick ends when it waits or ends, _foreign.py);
    returns the normalised logs."""
    logs = []

    def log(*a):
        logs.append(norm(a[0] if len(a) == 1 else list(a)))

    def body():
        try:
            fn(log)
        except Exception as e:  # noqa: BLE001 -- recorded like the JS side
            logs.append('threw ' + str(getattr(e, 'code', None) or e))
    t = threading.Thread(target=body)
    t.start()
    t.join(10)
    return logs


def run_on_tick(fn):
    """Runs fn(log) as a callback on a nodehttp-style thread (with a tick
    queue, as a user callback would be); returns the normalised logs."""
    from nodehttp import _tick
    logs = []

    def log(*a):
        logs.append(norm(a[0] if len(a) == 1 else list(a)))

    def body():
        _tick.start_thread_queue()
        try:
            _tick.run(fn, log)
        except Exception as e:  # noqa: BLE001 -- recorded like the JS side
            logs.append('threw ' + str(getattr(e, 'code', None) or e))
    t = threading.Thread(target=body)
    t.start()
    t.join(10)
    return logs
