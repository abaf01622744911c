#!/usr/bin/env python3
"""Differential fuzzing of the client's request API against Node.

    python scripts/fuzz_client_api.py [--cases 600] [--seed N] [--out DIR]

Each case is a `http.request()` with random options (method, headers as an
object or a flat array, `setHost`, `defaultPort`, `timeout`) and a program
of calls on the ClientRequest: the header calls with valid and invalid
names and values, `write` and `end` with strings, bytes, encodings and
callbacks, `flushHeaders`, `cork`/`uncork`, `setNoDelay`,
`setSocketKeepAlive`, `destroy`, and a look at its state.  Every call's
result (or thrown code), every write callback and the request's events
('socket', 'finish', 'response', 'close', 'error') are logged; the response
is read to its end.

A raw server on 127.0.0.1 records the bytes each request sends (until the
client has been quiet for a moment or closes), then answers `200 ok` and
closes.  Node's client and nodehttp's run the same programs against their
own such server; the bytes and the logs are compared, and a difference is
tried twice more (to drop those that come from timing).  Bounded: every
case has a deadline.  Exit status 1 when a difference stayed or nodehttp's
side wrote to stderr.
"""

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from fuzz_wire import REPO, Picks

JS = r'''
const http = require('http');
const fs = require('fs');
const cases = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const port = +process.argv[2];
const which = JSON.parse(process.argv[3]);   // [[case, attempt], ...]

function shown(x, req) {
  if (x === undefined || x === null) return null;
  if (x === req) return 'req';
  if (Buffer.isBuffer(x)) return { bytes: x.toString('hex') };
  if (Array.isArray(x)) return x.map((y) => shown(y, req));
  if (typeof x === 'object') return { pairs: Object.keys(x).map((k) => [k, shown(x[k], req)]) };
  return x;
}
function arg(v, log) {
  if (v === '$cb') { const n = log.cbs++; return (err) => log(['cb', n, err ? (err.code || 'error') : null]); }
  if (Array.isArray(v)) return v.map((x) => arg(x, log));
  if (v !== null && typeof v === 'object') {
    if ('bytes' in v) return Buffer.from(v.bytes, 'hex');
    const o = {};
    for (const k of Object.keys(v)) o[k] = arg(v[k], log);
    return o;
  }
  return v;
}

function run(i, attempt) {
  return new Promise((resolve) => {
    const c = cases[i];
    const log = [];
    const L = (e) => log.push(e);
    L.cbs = 0;
    let done = false;
    const finish = () => { if (!done) { done = true; setTimeout(() => resolve(log), 50); } };
    setTimeout(() => { L(['deadline']); finish(); }, 3000);
    let req;
    try {
      req = http.request({ ...arg(c.options, L), host: '127.0.0.1', port, path: `/c/${i}/${attempt}`,
                           agent: false });
    } catch (e) {
      L(['request', 'throw', e.code || ('E:' + e.name)]);
      finish();
      return;
    }
    req.on('socket', () => L(['ev', 'socket']));
    req.on('finish', () => L(['ev', 'finish']));
    req.on('error', (e) => L(['ev', 'error', e.code || ('E:' + e.name)]));
    req.on('close', () => { L(['ev', 'close']); finish(); });
    req.on('response', (res) => {
      L(['ev', 'response', res.statusCode]);
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => L(['res', 'end', Buffer.concat(chunks).toString('latin1')]));
    });
    for (const [k, [op, ...raw]] of c.steps.entries()) {
      let r;
      try {
        const a = arg(raw, L);
        switch (op) {
          case 'state': r = [req.headersSent, req.writableEnded, req.writableFinished, req.finished,
                             req.writableCorked, req.destroyed, req.path, req.method, req.host,
                             req.protocol, req.reusedSocket, req.maxHeadersCount]; break;
          case 'destroy': r = req.destroy(); break;
          default: r = req[op](...a);
        }
        L([k, op, shown(r, req)]);
      } catch (e) {
        L([k, op, 'throw', e.code || ('E:' + e.name)]);
      }
    }
  });
}

(async () => {
  const out = {};
  await Promise.all(which.map(async ([i, a]) => { out[i + '/' + a] = await run(i, a); }));
  process.stdout.write(JSON.stringify(out));
})();
'''

PY = r'''
import json, sys, threading
sys.path.insert(0, %(repo)r)
import nodehttp as http

CASES = json.load(open(sys.argv[1]))
PORT = int(sys.argv[2])
WHICH = json.loads(sys.argv[3])


def shown(x, req):
    if x is None:
        return None
    if x is req:
        return 'req'
    if isinstance(x, (bytes, bytearray)):
        return {'bytes': bytes(x).hex()}
    if isinstance(x, (list, tuple)):
        return [shown(y, req) for y in x]
    if isinstance(x, dict):
        return {'pairs': [[k, shown(y, req)] for k, y in x.items()]}
    return x


class Log(list):
    cbs = 0

    def __call__(self, entry):
        self.append(entry)


def arg(v, log):
    if v == '$cb':
        n = log.cbs
        log.cbs += 1
        return lambda err=None: log(['cb', n, (getattr(err, 'code', None) or 'error') if err else None])
    if isinstance(v, list):
        return [arg(x, log) for x in v]
    if isinstance(v, dict):
        if 'bytes' in v:
            return bytes.fromhex(v['bytes'])
        return {k: arg(x, log) for k, x in v.items()}
    return v


def code(e):
    return getattr(e, 'code', None) or 'E:' + type(e).__name__


def start(i, attempt, results, all_done):
    c = CASES[i]
    L = Log()
    ev = threading.Event()
    results[(i, attempt)] = (L, ev)

    def finish():
        ev.set()
    try:
        opts = dict(arg(c['options'], L), host='127.0.0.1', port=PORT,
                    path='/c/%%d/%%d' %% (i, attempt), agent=False)
        req = http.request(opts)
    except Exception as e:
        L(['request', 'throw', code(e)])
        finish()
        return
    req.on('socket', lambda s: L(['ev', 'socket']))
    req.on('finish', lambda: L(['ev', 'finish']))
    req.on('error', lambda e: L(['ev', 'error', code(e)]))
    req.on('close', lambda: (L(['ev', 'close']), finish()))

    def on_response(res):
        L(['ev', 'response', res.statusCode])
        chunks = []
        res.on('data', chunks.append)
        res.on('end', lambda: L(['res', 'end', b''.join(chunks).decode('latin-1')]))
    req.on('response', on_response)
    for k, (op, *raw) in enumerate(c['steps']):
        try:
            a = arg(raw, L)
            if op == 'state':
                r = [req.headersSent, req.writableEnded, req.writableFinished, req.finished,
                     req.writableCorked, req.destroyed, req.path, req.method, req.host,
                     req.protocol, req.reusedSocket, req.maxHeadersCount]
            elif op == 'destroy':
                r = req.destroy()
            else:
                r = getattr(req, op)(*a)
            L([k, op, shown(r, req)])
        except Exception as e:
            L([k, op, 'throw', code(e)])


results = {}
for i, a in WHICH:
    start(i, a, results, None)
out = {}
for (i, a), (L, ev) in results.items():
    if not ev.wait(3):
        L(['deadline'])
    out['%%d/%%d' %% (i, a)] = L
threading.Event().wait(0.05)
print(json.dumps(out))
'''


class RawServer:
    """Records what each request sends, by its /c/N/A path; answers 200."""

    def __init__(self, quiet=0.15):
        self.quiet = quiet
        self.got = {}
        self.lock = threading.Lock()
        self.sock = socket.create_server(('127.0.0.1', 0), backlog=128)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(c,), daemon=True).start()

    def _serve(self, c):
        buf = b''
        deadline = time.monotonic() + 3
        try:
            c.settimeout(2)                 # (the first bytes: the client may be busy)
            while time.monotonic() < deadline:
                try:
                    got = c.recv(65536)
                except socket.timeout:
                    break
                if not got:
                    break
                buf += got
                c.settimeout(self.quiet)    # (then: quiet for a moment, the request is out)
            m = re.search(rb' /c/(\d+/\d+) ', buf[:200])
            if m:
                with self.lock:
                    self.got[m.group(1).decode()] = re.sub(rb'/c/\d+/\d+', b'/c', buf).replace(
                        b':%d' % self.port, b':PORT')
            c.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok')
            time.sleep(0.05)
        except OSError:
            pass
        finally:
            c.close()

    def close(self):
        self.sock.close()


NAMES = ['X-A', 'x-a', 'Content-Type', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Host',
         'Expect', 'Cookie', 'Bad Name', '', 'X-\u00e9', 'Trailer']
VALUES = ['v', '', 'a b', '5', 5, 0, ['a', 'b'], [], 'chunked', 'close', 'keep-alive',
          'bad\r\nv', '\u00e9t\u00e9', '\u0100', 'example.com', '100-continue']
BODIES = ['hello', '', 'caf\u00e9', {'bytes': '00ff41'}, {'bytes': ''}, 'x' * 300]
ENCODINGS = [None, 'latin1', 'hex', 'utf8', 'ascii', 'base64']


class Gen(Picks):

    def data_args(self):
        args = [self.pick(BODIES)]
        if self.p(0.3) and isinstance(args[0], str):
            args.append(self.pick(ENCODINGS))
            if args[1] in ('hex', 'base64'):
                args[0] = self.pick(['6869', ''])
        if self.p(0.3):
            args.append('$cb')
        return args

    def options(self):
        o = {'method': self.pick(['GET', 'GET', 'POST', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS',
                                  'get', 'PATCH'])}
        if self.p(0.5):
            pairs = [[self.pick(NAMES[:9]), self.pick(VALUES[:11])] for _ in range(self.r.randint(1, 3))]
            o['headers'] = ({k: v for k, v in pairs} if self.p(0.7)
                            else [x for kv in pairs for x in kv if not isinstance(x, list)])
        if self.p(0.1):
            o['setHost'] = False
        if self.p(0.1):
            o['defaultPort'] = self.pick([80, 8080])
        return o

    def step(self):
        k = self.r.random()
        if k < 0.2:
            return ['setHeader', self.pick(NAMES if self.p(0.2) else NAMES[:9]),
                    self.pick(VALUES if self.p(0.2) else VALUES[:11])]
        if k < 0.3:
            return [self.pick(['getHeader', 'hasHeader', 'removeHeader']), self.pick(NAMES[:9])]
        if k < 0.35:
            return [self.pick(['getHeaderNames', 'getRawHeaderNames', 'getHeaders', 'state'])]
        if k < 0.6:
            return ['write'] + self.data_args()
        if k < 0.65:
            return ['flushHeaders']
        if k < 0.7:
            return [self.pick(['cork', 'uncork'])]
        if k < 0.75:
            return self.pick([['setNoDelay'], ['setNoDelay', False], ['setSocketKeepAlive', True, 1000]])
        if k < 0.77:
            return ['destroy']
        return ['end'] + (self.data_args() if self.p(0.5) else self.pick([[], ['$cb']]))

    def case(self):
        steps = [self.step() for _ in range(self.r.randint(0, 6))]
        if self.p(0.85):
            steps.append(['end'] + (self.data_args() if self.p(0.4) else []))
        depth = 0
        for st in steps:
            depth = depth + 1 if st[0] == 'cork' else max(0, depth - 1) if st[0] == 'uncork' else depth
        # (every cork undone: Node keeps a request that ends corked unsent,
        # docs/differences.md)
        steps += [['uncork']] * depth
        return {'options': self.options(), 'steps': steps}


def run_side(argv, path, port, which):
    p = subprocess.run(argv + [path, str(port), json.dumps(which)], capture_output=True, timeout=120)
    try:
        return json.loads(p.stdout), p.stderr.decode('utf-8', 'replace')
    except ValueError:
        return {}, p.stderr.decode('utf-8', 'replace') + p.stdout.decode('utf-8', 'replace')[-2000:]


def _masked(log, port):
    """A log with the server's port (in the Host header's value) masked."""
    return None if log is None else json.loads(json.dumps(log).replace(':%d' % port, ':PORT'))


def compare(cases, path, which):
    """Runs `which` on both sides; {tag: (node (bytes, log), py (bytes, log))}, stderr."""
    servers = [RawServer(), RawServer()]
    try:
        out = [None, None]
        sides = [['node', '-e', JS], [sys.executable, '-c', PY % {'repo': REPO}]]
        threads = [threading.Thread(target=lambda k=k: out.__setitem__(
            k, run_side(sides[k], path, servers[k].port, which))) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(0.2)
        res = {}
        for i, a in which:
            tag = '%d/%d' % (i, a)
            res[tag] = tuple((servers[k].got.get(tag), _masked(out[k][0].get(tag), servers[k].port))
                             for k in range(2))
        return res, out[1][1]
    finally:
        for s in servers:
            s.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--cases', type=int, default=600)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--batch', type=int, default=50, help='cases run at once')
    ap.add_argument('--out', default=None, help='directory for the differences found')
    args = ap.parse_args()
    if not shutil.which('node'):
        raise SystemExit('node is not installed: nothing to compare with')
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    out = args.out or tempfile.mkdtemp(prefix='fuzz_client_api.')
    os.makedirs(out, exist_ok=True)
    gen = Gen(random.Random(seed))
    cases = [gen.case() for _ in range(args.cases)]
    path = os.path.join(out, 'cases.json')
    with open(path, 'w') as f:
        json.dump(cases, f)
    print('seed %d, %d cases, differences in %s' % (seed, args.cases, out), flush=True)
    t0 = time.monotonic()
    errs = []
    first = {}
    for b in range(0, len(cases), args.batch):
        res, err = compare(cases, path, [[i, 0] for i in range(b, min(b + args.batch, len(cases)))])
        first.update(res)
        if err.strip():
            errs.append(err)
    suspects = [tag for tag, (n, p) in first.items() if n != p]
    stayed = []
    for tag in suspects:
        i = int(tag.split('/')[0])
        again, err = compare(cases, path, [[i, 1], [i, 2]])
        if any(n == p for n, p in again.values()):
            continue
        stayed.append(i)
        (nb, nl), (pb, pl) = first[tag]
        with open(os.path.join(out, 'case%05d.txt' % i), 'w') as f:
            f.write('%s\n\nnode sent:\n%r\n%s\n\nnodehttp sent:\n%r\n%s\n' % (
                json.dumps(cases[i]), nb, '\n'.join(map(json.dumps, nl or [])),
                pb, '\n'.join(map(json.dumps, pl or []))))
    print('%d cases in %.1f s; %d differences that stayed' % (len(cases), time.monotonic() - t0,
                                                               len(stayed)))
    for i in stayed[:20]:
        (nb, nl), (pb, pl) = first['%d/0' % i]
        if nb != pb:
            print('  case%05d  sent  node: %.80r\n%s nodehttp: %.80r' % (i, nb, ' ' * 15, pb))
        else:
            k = next((j for j in range(min(len(nl or []), len(pl or []))) if nl[j] != pl[j]), None)
            print('  case%05d  log at %s  node: %.70s\n%s nodehttp: %.70s' % (
                i, k, json.dumps(nl[k]) if k is not None else nl, ' ' * 20,
                json.dumps(pl[k]) if k is not None else pl))
    if errs:
        print('nodehttp stderr:\n' + '\n'.join(errs)[:4000])
    return 1 if stayed or errs else 0


if __name__ == '__main__':
    sys.exit(main())
