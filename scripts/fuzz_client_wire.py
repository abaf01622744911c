#!/usr/bin/env python3
"""Differential fuzzing of the client's reading of responses, against Node.

    python scripts/fuzz_client_wire.py [--cases 1000] [--seed N] [--out DIR]

A raw server on 127.0.0.1 answers ``GET /<n>`` (or ``HEAD /<n>``) with case
n: a response byte stream built from a grammar of HTTP/1.x responses with
mutations (status lines, header names and values with unusual bytes,
conflicting or malformed framing, chunked bodies with odd sizes, extensions
and trailers, interim 1xx responses, a body cut short), cut into one to three
packets, then the connection closed.  A Node client (``http.request`` with no
agent) and a nodehttp client written the same way fetch every case and report
what they saw: ``'response'`` (status, message, version, rawHeaders), the
body, ``'end'`` and rawTrailers, ``'error'`` (its code), ``'close'``.  The
reports are compared case by case; a difference is tried twice more (to drop
those that come from timing), and the ones that stay are written to
``--out`` and summed up.

Bounded: every request has a 2 s timeout, the run has ``--cases`` cases, and
only 127.0.0.1 is contacted.  Exit status 1 when a difference stayed.
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

from fuzz_wire import JS_ESC, PY_ESC, REPO, Grammar   # (scripts/: the script's own directory)

# Each client reads "METHOD N" lines on stdin and prints one JSON report per
# case, in order, doing one request at a time.
JS_CLIENT = JS_ESC + r'''
const http = require('http');
const port = +process.argv[1];
const lines = require('fs').readFileSync(0, 'latin1').split('\n').filter(Boolean);
function one(i) {
  if (i >= lines.length) return;
  const [method, n] = lines[i].split(' ');
  const ev = [];
  let done = false;
  let waiting = 1;       // the request's 'close', and the response's if there is one
  const closed = () => {
    if (--waiting > 0 || done) return;
    done = true;
    setTimeout(() => { console.log(JSON.stringify({ n: +n, ev })); one(i + 1); }, 100);
  };
  const req = http.request({ host: '127.0.0.1', port, method, path: '/' + n, agent: false });
  req.setTimeout(2000, () => { ev.push('timeout'); req.destroy(); });
  req.on('information', (info) => ev.push('information ' + info.statusCode));
  req.on('response', (res) => {
    waiting++;
    ev.push('response ' + res.statusCode + ' ' + esc(String(res.statusMessage)) + ' ' + res.httpVersion +
            ' ' + res.rawHeaders.map(esc).join('|'));
    const chunks = [];
    res.on('data', (d) => chunks.push(d));
    res.on('end', () => {
      ev.push('body ' + esc(Buffer.concat(chunks).toString('latin1')));
      ev.push('end ' + res.complete + ' ' + res.rawTrailers.map(esc).join('|'));
    });
    res.on('aborted', () => ev.push('aborted'));
    res.on('error', (e) => ev.push('res error ' + e.code));
    res.on('close', () => { ev.push('res close'); closed(); });
  });
  req.on('error', (e) => ev.push('error ' + e.code));
  req.on('close', () => { ev.push('close'); closed(); });
  req.end();
}
one(0);
'''

PY_CLIENT = r'''
import json, sys, threading, time
sys.path.insert(0, %(repo)r)
import nodehttp as http

port = int(sys.argv[1])
lines = [l for l in sys.stdin.read().split('\n') if l]

''' + PY_ESC + r'''
for line in lines:
    method, n = line.split(' ')
    ev = []
    # the request's 'close', and the response's if there is one; then 100 ms
    # more, on this (main) thread, which is where its events run while it waits
    state = {'waiting': 1}
    done = threading.Event()

    def closed(what):
        ev.append(what)
        state['waiting'] -= 1
        if state['waiting'] == 0:
            done.set()

    req = http.request({'host': '127.0.0.1', 'port': port, 'method': method, 'path': '/' + n,
                        'agent': False})
    req.setTimeout(2000, lambda: (ev.append('timeout'), req.destroy()))
    req.on('information', lambda info: ev.append('information %%d' %% info['statusCode']))

    def on_response(res):
        state['waiting'] += 1
        ev.append('response %%d %%s %%s %%s' %% (res.statusCode, esc(str(res.statusMessage)),
                                              res.httpVersion, '|'.join(map(esc, res.rawHeaders))))
        chunks = []
        res.on('data', chunks.append)

        def end():
            ev.append('body ' + esc(b''.join(chunks).decode('latin-1')))
            ev.append('end %%s %%s' %% ('true' if res.complete else 'false',
                                      '|'.join(map(esc, res.rawTrailers))))
        res.on('end', end)
        res.on('aborted', lambda: ev.append('aborted'))
        res.on('error', lambda e: ev.append('res error %%s' %% getattr(e, 'code', None)))
        res.on('close', lambda: closed('res close'))
    req.on('response', on_response)
    req.on('error', lambda e: ev.append('error %%s' %% getattr(e, 'code', None)))
    req.on('close', lambda: closed('close'))
    req.end()
    done.wait(10)
    time.sleep(0.1)
    print(json.dumps({'n': int(n), 'ev': list(ev)}, separators=(',', ':')), flush=True)
'''


# --- the grammar ---------------------------------------------------------------



class Gen(Grammar):
    """Responses."""

    ODD = [b'\x00', b'\x01', b'\x7f', b'\x80', b'\xff', b'\t', b' ', b'\r', b'\n', b'"', b':',
           b';', b',', b'=']
    BAD_EOLS = [b'\n', b'\r', b' \r\n']

    def status_line(self):
        version = self.pick([b'HTTP/1.1'] * 6 + [b'HTTP/1.0'] * 2) if not self.p(self.rate * 2) \
            else self.pick([b'HTTP/0.9', b'HTTP/2.0', b'HTTP/1.2', b'http/1.1', b'HTTP/1', b''])
        code = self.pick([b'200'] * 6 + [b'204', b'304', b'404', b'500', b'301', b'101', b'100',
                                          b'103', b'199', b'999'])
        if self.p(self.rate):
            code = self.pick([b'20', b'2000', b'abc', b'099', b''])
        reason = self.pick([b' OK', b' Not Found', b'', b' ', b' caf\xe9', b' a  b', b' ' + self.token(12)])
        return self.mutate(version + b' ' + code + reason)

    def value(self):
        v = self.pick([b'x', b'', b'a b', b' padded ', b'\tt\t', b'caf\xe9', b'a,b', b'"q"',
                       self.token(20)])
        if self.p(self.rate / 2):
            v += b'\r\n ' + self.token(4)
        return self.mutate(v)

    def name(self):
        n = self.pick([b'X-Test', b'Set-Cookie', b'Content-Type', b'Server', b'Via', self.token()])
        if self.p(self.rate):
            n += self.pick([b' ', b'\t', b'(', b'\x00'])
        return self.mutate(n)

    def chunked(self, data):
        out = b''
        pos = 0
        while pos < len(data):
            k = self.r.randint(1, max(1, len(data) - pos))
            part = data[pos:pos + k]
            pos += k
            size = b'%x' % len(part)
            if self.p(self.rate):
                size = self.pick([b'', b'g', b' ' + size, size + b' ', b'0' + size, size.upper()])
            ext = self.pick([b''] * 8 + [b';a', b';a=b', b';a="b"'])
            out += size + ext + self.eol() + part + self.eol()
        out += self.pick([b'0'] * 6 + [b'00', b'0;x=y']) + self.eol()
        if self.p(0.15):
            out += self.name() + b': ' + self.value() + self.eol()
        return out + self.eol()

    def response(self, method):
        out = b''
        if self.p(0.05):
            out += b'HTTP/1.1 100 Continue\r\n\r\n'
        if self.p(0.03):
            out += b'HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n'
        headers = [(self.name(), self.value()) for _ in range(self.r.randint(0, 4))]
        data = bytes(self.r.randrange(32, 127) for _ in range(self.r.randint(0, 40)))
        framing = self.r.random()
        body = data
        if framing < 0.4:
            cl = b'%d' % len(data)
            if self.p(self.rate * 2):
                cl = self.pick([b'+5', b'-1', b' 5 ', b'5, 5', b'5,6', b'', b'%d' % (len(data) + 5),
                                b'99999999999999999999'])
            headers.append((b'Content-Length', cl))
            if self.p(0.04):
                headers.append((b'Content-Length', self.pick([cl, b'3'])))
        elif framing < 0.8:
            te = self.pick([b'chunked'] * 6 + [b'Chunked', b'gzip, chunked', b'chunked, gzip',
                                               b'identity', b'gzip'])
            headers.append((b'Transfer-Encoding', te))
            if self.p(0.05):
                headers.append((b'Content-Length', b'%d' % len(data)))
            body = self.chunked(data)
        if self.p(0.1):
            headers.append(self.pick([(b'Connection', b'close'), (b'Connection', b'keep-alive'),
                                      (b'Connection', b'upgrade'), (b'Upgrade', b'x')]))
        self.r.shuffle(headers)
        out += self.status_line() + self.eol()
        for n, v in headers:
            sep = b': ' if not self.p(self.rate) else self.pick([b':', b' : ', b'::'])
            out += n + sep + v + self.eol()
        out += self.eol()
        if self.p(0.05):
            body = body[:self.r.randrange(len(body) + 1)]     # cut short
        return out + body

    def case(self):
        method = 'HEAD' if self.p(0.1) else 'GET'
        return method, self.cut(self.response(method))


# --- the raw server and the clients ----------------------------------------------

class RawServer:
    def __init__(self, cases):
        self.cases = cases
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(c,), daemon=True).start()

    def _serve(self, c):
        try:
            c.settimeout(5)
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buf = b''
            while b'\r\n\r\n' not in buf:
                got = c.recv(4096)
                if not got:
                    return
                buf += got
            m = re.match(rb'[A-Z]+ /(\d+) ', buf)
            if not m:
                return
            for i, piece in enumerate(self.cases[int(m.group(1))][1]):
                if i:
                    time.sleep(0.02)
                c.sendall(piece)
            time.sleep(0.05)
        except OSError:
            pass
        finally:
            c.close()

    def close(self):
        self.closed = True
        self.sock.close()


def run_client(argv, port, items, timeout):
    text = ''.join('%s %d\n' % (m, n) for n, m in items)
    out = subprocess.run(argv + [str(port)], input=text, capture_output=True, text=True,
                         timeout=timeout)
    reports = {}
    for line in out.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        reports[r['n']] = r['ev']
    return reports, out.stderr


def _known_difference(data, py_report):
    """A difference docs/differences.md lists: httptools' llhttp (9.4.3)
    refuses a status line ended by CR CR LF, Node's (9.3.1) reads it."""
    line_end = data.find(b'\n')
    return line_end > 1 and data[line_end - 2:line_end] == b'\r\r' and \
        'error HPE_STRICT' in py_report


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--cases', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--rate', type=float, default=0.04,
                    help='how often a piece of a response is mutated (default 0.04)')
    ap.add_argument('--jobs', type=int, default=8, help='client processes of each kind')
    ap.add_argument('--out', default=None, help='directory for the differences found')
    args = ap.parse_args()
    if not shutil.which('node'):
        raise SystemExit('node is not installed: nothing to compare with')
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    out = args.out or tempfile.mkdtemp(prefix='fuzz_client_wire.')
    os.makedirs(out, exist_ok=True)
    gen = Gen(random.Random(seed), args.rate)
    cases = [gen.case() for _ in range(args.cases)]
    server = RawServer(cases)
    node = ['node', '-e', JS_CLIENT]
    py = [sys.executable, '-c', PY_CLIENT % {'repo': REPO}]
    print('seed %d, %d cases, mutation rate %g, raw server :%d, differences in %s'
          % (seed, args.cases, args.rate, server.port, out), flush=True)
    t0 = time.monotonic()
    items = [(n, m) for n, (m, _) in enumerate(cases)]
    shares = [items[k::args.jobs] for k in range(args.jobs)]
    results = {}
    errs = []

    def both(share, key):
        results[key] = (run_client(node, server.port, share, 600),
                        run_client(py, server.port, share, 600))
    threads = [threading.Thread(target=both, args=(share, k)) for k, share in enumerate(shares)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    nrep, prep = {}, {}
    for (nr, ne), (pr, pe) in results.values():
        nrep.update(nr)
        prep.update(pr)
        if pe.strip():
            errs.append(pe)
    stayed = []
    known = 0
    for n, (method, pieces) in enumerate(cases):
        if nrep.get(n) == prep.get(n):
            continue
        if _known_difference(b''.join(pieces), prep.get(n) or []):
            known += 1
            continue
        again = [(run_client(node, server.port, [(n, method)], 30)[0].get(n),
                  run_client(py, server.port, [(n, method)], 30)[0].get(n)) for _ in range(2)]
        if any(a == b for a, b in again):
            continue
        stayed.append(n)
        with open(os.path.join(out, 'case%05d.txt' % n), 'w') as f:
            f.write('%s %r\n\nnode:\n%s\n\nnodehttp:\n%s\n' % (
                method, pieces, '\n'.join(nrep.get(n) or ['(no report)']),
                '\n'.join(prep.get(n) or ['(no report)'])))
    server.close()
    print('%d cases in %.1f s; %d differences that stayed (%d known, left out)'
          % (len(cases), time.monotonic() - t0, len(stayed), known))
    for n in stayed[:30]:
        a, b = nrep.get(n) or [], prep.get(n) or []
        k = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        print('  case%05d  node: %.100s\n             py: %.100s' % (
            n, a[k] if k < len(a) else '(end)', b[k] if k < len(b) else '(end)'))
    if errs:
        print('nodehttp stderr:\n' + '\n'.join(errs)[:4000])
    return 1 if stayed or errs else 0


if __name__ == '__main__':
    sys.exit(main())
