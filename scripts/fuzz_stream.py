#!/usr/bin/env python3
"""Differential fuzzing of stream.Readable and stream.Writable against Node.

    python scripts/fuzz_stream.py [--cases 2000] [--seed N] [--out DIR]

Each case is a program on one Readable and one Writable, made with random
options (highWaterMark, an encoding; a `_read` that does nothing or pushes
twice then ends; a `_write` that calls back at once, later, or with an
error), and a few segments of random steps: on the Readable ``push``,
``unshift``, ``read(n)``, ``setEncoding``, ``pause``, ``resume``,
``isPaused``, ``'data'`` and ``'readable'`` listeners (added and removed),
``destroy`` and a look at its state; on the Writable ``write`` and ``end``
(with callbacks), ``cork``, ``uncork``, ``destroy``, the held ``_write``
callbacks called, and its state.  Every call's result (or thrown code),
every event and every callback is logged.

Node runs the programs in one process, a segment per turn of its event loop
(``await setImmediate``).  nodehttp runs them on a Python main thread, a
segment per tick: the thread waits (``time.sleep``) between segments, which
is when what Node would do on a later tick runs (nodehttp/_foreign.py).
The logs are compared.  Bounded: ``--cases`` programs of at most 4 segments
of at most 6 steps; no network.  Exit status 1 when a difference stayed or
the Python side wrote to stderr.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

from fuzz_wire import REPO, Picks   # (scripts/: the script's own directory)

JS = r'''
const { Readable, Writable } = require('stream');
const programs = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));

function shown(x) {
  if (x === undefined || x === null) return null;
  if (Buffer.isBuffer(x)) return { bytes: x.toString('hex') };
  if (x instanceof Readable) return 'readable';
  if (x instanceof Writable) return 'writable';
  if (x instanceof Error) return 'E:' + (x.code || x.message);
  return x;
}
function chunk(c) { return (c !== null && typeof c === 'object') ? Buffer.from(c.bytes, 'hex') : c; }

async function run(p) {
  const log = [];
  current = log;
  const L = (...a) => log.push(a.map(shown));
  let reads = 0;
  const r = new Readable({ ...p.ropts, read() {
    if (p.logReads) L('_read');
    if (p.readMode === 'sync') { reads++; this.push(reads <= 2 ? 'r' + reads : null); }
  } });
  const held = [];
  const w = new Writable({ ...p.wopts, write(c, e, cb) {
    L('_write', c, e);
    if (p.writeMode === 'sync') cb();
    else if (p.writeMode === 'error') cb(new Error('w'));
    else held.push(cb);
  } });
  for (const e of ['end', 'close', 'error', 'pause', 'resume']) r.on(e, (x) => L('r', e, x));
  for (const e of ['drain', 'finish', 'close', 'error']) w.on(e, (x) => L('w', e, x));
  const listeners = {};
  const cb = (n) => (err) => L('cb', n, err);
  for (const seg of p.segments) {
    for (const [k, [op, ...a]] of seg.entries()) {
      let res;
      try {
        switch (op) {
          case 'push': res = r.push(chunk(a[0])); break;
          case 'unshift': res = r.unshift(chunk(a[0])); break;
          case 'read': res = a.length ? r.read(a[0]) : r.read(); break;
          case 'setEncoding': res = r.setEncoding(a[0]); break;
          case 'pause': res = r.pause(); break;
          case 'resume': res = r.resume(); break;
          case 'isPaused': res = r.isPaused(); break;
          case 'onData': listeners.data = (d) => L('data', d); r.on('data', listeners.data); break;
          case 'offData': if (listeners.data) r.off('data', listeners.data); break;
          case 'onReadable':
            listeners.readable = () => {
              L('readable');
              if (a[0] === 'loop') { let d; while ((d = r.read()) !== null) L('got', d); }
              else if (a[0] === 'one') L('got', r.read());
            };
            r.on('readable', listeners.readable); break;
          case 'offReadable': if (listeners.readable) r.off('readable', listeners.readable); break;
          case 'destroy': res = r.destroy(a[0] ? new Error('d') : undefined); break;
          case 'state': res = [r.readableLength, r.readableFlowing, r.readableEnded, r.destroyed,
                               r.readable, r.isPaused()]; break;
          case 'write': res = w.write(chunk(a[0]), ...(a[1] ? [cb(a[1])] : [])); break;
          case 'end': res = w.end(...(a[0] !== undefined ? [chunk(a[0])] : []), ...(a[1] ? [cb(a[1])] : [])); break;
          case 'cork': res = w.cork(); break;
          case 'uncork': res = w.uncork(); break;
          case 'wdestroy': res = w.destroy(a[0] ? new Error('d') : undefined); break;
          case 'flush': for (const f of held.splice(0)) f(); break;
          case 'wstate': res = [w.writableLength, w.writableEnded, w.writableFinished,
                                w.writableNeedDrain, w.writableCorked, w.writable, w.destroyed]; break;
        }
        if (op === 'read' && a.length && res !== null && res.length > a[0]) {
          // (Node's fromList with an encoding can give more than asked when
          // the rest equals the number of chunks; its length is then wrong)
          L('uncaught', 'read(n) gave more than n');
        }
        L(k, op, res);
      } catch (e) {
        L(k, op, 'throw', e.code || ('E:' + e.name));
      }
    }
    await new Promise((res) => setImmediate(res));
    L('--');
  }
  await new Promise((res) => setImmediate(res));
  return log;
}

// (a program that throws in a tick of Node's own, or meets a bug of Node's
// fromList, is marked and left out of the comparison)
let current = null;
process.on('uncaughtException', (e) => { if (current) current.push(['uncaught', String(e.message)]); });

(async () => {
  const out = [];
  for (const p of programs) out.push(await run(p));
  process.stdout.write(JSON.stringify(out));
})();
'''

PY = r'''
import json, sys, time
sys.path.insert(0, %(repo)r)
from nodehttp.stream import Readable, Writable

PROGRAMS = json.load(open(sys.argv[1]))


def shown(x):
    if x is None:
        return None
    if isinstance(x, (bytes, bytearray)):
        return {'bytes': bytes(x).hex()}
    if isinstance(x, Readable):
        return 'readable'
    if isinstance(x, Writable):
        return 'writable'
    if isinstance(x, BaseException):
        return 'E:' + (getattr(x, 'code', None) or str(x))
    if isinstance(x, (list, tuple)):
        return [shown(y) for y in x]
    return x


def chunk(c):
    return bytes.fromhex(c['bytes']) if isinstance(c, dict) else c


def run(p):
    log = []

    def L(*a):
        log.append([shown(x) for x in a])
    reads = [0]

    def read(self, n):
        if p.get('logReads'):
            L('_read')
        if p['readMode'] == 'sync':
            reads[0] += 1
            self.push('r%%d' %% reads[0] if reads[0] <= 2 else None)
    r = Readable(dict(p['ropts'], read=read))
    held = []

    def write(self, c, e, cb):
        L('_write', c, e)
        if p['writeMode'] == 'sync':
            cb()
        elif p['writeMode'] == 'error':
            cb(Exception('w'))
        else:
            held.append(cb)
    w = Writable(dict(p['wopts'], write=write))
    for e in ('end', 'close', 'error', 'pause', 'resume'):
        r.on(e, lambda x=None, e=e: L('r', e, x))
    for e in ('drain', 'finish', 'close', 'error'):
        w.on(e, lambda x=None, e=e: L('w', e, x))
    listeners = {}

    def cb(n):
        return lambda err=None: L('cb', n, err)
    for seg in p['segments']:
        for k, (op, *a) in enumerate(seg):
            res = None
            try:
                if op == 'push':
                    res = r.push(chunk(a[0]))
                elif op == 'unshift':
                    res = r.unshift(chunk(a[0]))
                elif op == 'read':
                    res = r.read(*a)
                elif op == 'setEncoding':
                    res = r.setEncoding(a[0])
                elif op in ('pause', 'resume', 'isPaused'):
                    res = getattr(r, op)()
                elif op == 'onData':
                    listeners['data'] = lambda d: L('data', d)
                    r.on('data', listeners['data'])
                elif op == 'offData':
                    if 'data' in listeners:
                        r.off('data', listeners['data'])
                elif op == 'onReadable':
                    def readable(mode=a[0]):
                        L('readable')
                        if mode == 'loop':
                            while True:
                                d = r.read()
                                if d is None:
                                    break
                                L('got', d)
                        elif mode == 'one':
                            L('got', r.read())
                    listeners['readable'] = readable
                    r.on('readable', readable)
                elif op == 'offReadable':
                    if 'readable' in listeners:
                        r.off('readable', listeners['readable'])
                elif op == 'destroy':
                    res = r.destroy(Exception('d') if a[0] else None)
                elif op == 'state':
                    res = [r.readableLength, r.readableFlowing, r.readableEnded, r.destroyed,
                           r.readable, r.isPaused()]
                elif op == 'write':
                    res = w.write(chunk(a[0]), *([cb(a[1])] if a[1] else []))
                elif op == 'end':
                    res = w.end(*([chunk(a[0])] if a[0] is not None else [None] if a[1] else []),
                                *([cb(a[1])] if a[1] else []))
                elif op in ('cork', 'uncork'):
                    res = getattr(w, op)()
                elif op == 'wdestroy':
                    res = w.destroy(Exception('d') if a[0] else None)
                elif op == 'flush':
                    fs, held[:] = held[:], []
                    for f in fs:
                        f()
                elif op == 'wstate':
                    res = [w.writableLength, w.writableEnded, w.writableFinished,
                           w.writableNeedDrain, w.writableCorked, w.writable, w.destroyed]
                L(k, op, res)
            except Exception as e:
                L(k, op, 'throw', getattr(e, 'code', None) or 'E:' + type(e).__name__)
        time.sleep(0.0005)        # the main thread waits: its tick ends
        L('--')
    time.sleep(0.0005)
    return log


print(json.dumps([run(p) for p in PROGRAMS]))
'''

CHUNKS = ['ab', 'c', '', 'hello world', {'bytes': 'c3a9'}, {'bytes': 'e282'}, {'bytes': 'ac'},
          {'bytes': ''}, 'xyz' * 10]
ENCODINGS = ['utf8', 'hex', 'latin1', 'base64', 'utf16le']


READABLE_OPS = ('push', 'unshift', 'read', 'setEncoding', 'pause', 'resume', 'isPaused', 'state',
                'onData', 'offData', 'onReadable', 'offReadable', 'destroy')


class Gen(Picks):
    def __init__(self, rnd, part='both'):
        Picks.__init__(self, rnd)
        self.part = part

    def step(self):
        while True:
            st = self._step()
            if self.part == 'both' or (st[0] in READABLE_OPS) == (self.part == 'readable'):
                return st

    def _step(self):
        k = self.r.random()
        if k < 0.2:
            return ['push', self.pick(CHUNKS + [None])]
        if k < 0.23:
            return ['unshift', self.pick(CHUNKS)]
        if k < 0.33:
            return ['read'] + self.pick([[], [], [0], [1], [2], [5], [100]])
        if k < 0.36:
            return ['setEncoding', self.pick(ENCODINGS)]
        if k < 0.44:
            return [self.pick(['pause', 'resume', 'isPaused', 'state'])]
        if k < 0.5:
            return [self.pick(['onData', 'onData', 'offData'])]
        if k < 0.56:
            return self.pick([['onReadable', 'loop'], ['onReadable', 'one'], ['onReadable', 'none'],
                              ['offReadable']])
        if k < 0.58:
            return ['destroy', self.pick([0, 1])]
        if k < 0.75:
            return ['write', self.pick(CHUNKS[:4] + CHUNKS[8:]), self.pick([0, 0, self.r.randint(1, 9)])]
        if k < 0.8:
            return ['end', self.pick([None, 'z']), self.pick([0, self.r.randint(1, 9)])]
        if k < 0.85:
            return [self.pick(['cork', 'uncork'])]
        if k < 0.86:
            return ['wdestroy', self.pick([0, 1])]
        if k < 0.93:
            return ['flush']
        return ['wstate']

    def program(self):
        ropts = {}
        if self.r.random() < 0.3:
            ropts['highWaterMark'] = self.pick([0, 1, 4, 16])
        if self.r.random() < 0.15:
            ropts['encoding'] = self.pick(ENCODINGS)
        wopts = {}
        if self.r.random() < 0.3:
            wopts['highWaterMark'] = self.pick([1, 4, 16])
        return {'ropts': ropts, 'wopts': wopts,
                'readMode': self.pick(['none', 'none', 'sync']),
                'writeMode': self.pick(['sync', 'sync', 'later', 'error']),
                'segments': [[self.step() for _ in range(self.r.randint(1, 6))]
                             for _ in range(self.r.randint(1, 4))]}


def run(cmd, path):
    p = subprocess.run(cmd + [path], capture_output=True, timeout=300)
    return p.returncode, json.loads(p.stdout or b'null'), p.stderr.decode('utf-8', 'replace')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--cases', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--out', default=None, help='directory for the differences found')
    ap.add_argument('--part', choices=('both', 'readable', 'writable'), default='both',
                    help='the steps of one stream only')
    args = ap.parse_args()
    if not shutil.which('node'):
        raise SystemExit('node is not installed: nothing to compare with')
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    out = args.out or tempfile.mkdtemp(prefix='fuzz_stream.')
    os.makedirs(out, exist_ok=True)
    gen = Gen(random.Random(seed), args.part)
    programs = [gen.program() for _ in range(args.cases)]
    path = os.path.join(out, 'programs.json')
    with open(path, 'w') as f:
        json.dump(programs, f)
    print('seed %d, %d programs, differences in %s' % (seed, args.cases, out), flush=True)
    t0 = time.monotonic()
    _, node_logs, node_err = run(['node', '-e', JS], path)
    _, py_logs, py_err = run([sys.executable, '-c', PY % {'repo': REPO}], path)
    if node_logs is None or py_logs is None:
        print('a side gave no logs:\nnode: %s\npython: %s' % (node_err[-2000:], py_err[-2000:]))
        return 1
    crashed = [i for i, a in enumerate(node_logs) if any(e and e[0] == 'uncaught' for e in a)]
    diffs = [i for i, (a, b) in enumerate(zip(node_logs, py_logs)) if a != b and i not in crashed]
    if crashed:
        print("%d programs left out: Node's own bugs (case%05d ...)" % (
            len(crashed), crashed[0]))
    for i in diffs:
        with open(os.path.join(out, 'case%05d.txt' % i), 'w') as f:
            f.write('%s\n\nnode:\n%s\n\nnodehttp:\n%s\n' % (
                json.dumps(programs[i]), '\n'.join(map(json.dumps, node_logs[i])),
                '\n'.join(map(json.dumps, py_logs[i]))))
    print('%d programs in %.1f s; %d differ' % (len(programs), time.monotonic() - t0, len(diffs)))
    for i in diffs[:20]:
        a, b = node_logs[i], py_logs[i]
        k = next((j for j in range(min(len(a), len(b))) if a[j] != b[j]), min(len(a), len(b)))
        print('  case%05d at %d  node: %.90s\n%s py: %.90s' % (
            i, k, json.dumps(a[k]) if k < len(a) else '(end)', ' ' * 18,
            json.dumps(b[k]) if k < len(b) else '(end)'))
    if py_err.strip():
        print('python stderr:\n' + py_err[:4000])
    return 1 if diffs or py_err.strip() else 0


if __name__ == '__main__':
    sys.exit(main())
