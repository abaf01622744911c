#!/usr/bin/env python3
"""Differential fuzzing of the server's wire behaviour against Node.

    python scripts/fuzz_wire.py [--cases 2000] [--seed N] [--jobs 16] [--out DIR]

Starts two servers on 127.0.0.1 with the same handler: Node's
``http.createServer`` and nodehttp's.  The handler reads the whole body and
answers ``200`` with a description of what it saw (method, url, version,
rawHeaders, rawTrailers, body length and its bytes, each escaped the same way
in both languages).  No ``'clientError'``, ``'upgrade'`` or ``'connect'``
listener: the defaults answer bad input.

Each case is a byte stream built from a grammar of HTTP/1.x requests with
mutations (odd methods, urls, versions and line endings; header names and
values with unusual bytes; conflicting or malformed framing; chunked bodies
with odd sizes, extensions and trailers; pipelining), cut into one to three
packets, and sometimes ended with a FIN.  Both servers get the same case at
the same time; the bytes each sends back (``Date:`` masked) and whether it
closed the connection are compared.  A difference is tried twice more, to
drop those that come from timing, and the ones that stay are written to
``--out`` (a .txt per case with both answers) and summed up at the end.

Bounded: every case has a deadline, the run has ``--cases`` cases, and only
127.0.0.1 is contacted.  Exit status 1 when a difference stayed, or when
the nodehttp server wrote anything to stderr (a traceback from its own code).
"""

import argparse
import concurrent.futures
import os
import random
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A string as printable ASCII, the same in both languages.
JS_ESC = r'''
function esc(s) {
  let o = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) o += s[i];
    else o += '\\u' + c.toString(16).padStart(4, '0');
  }
  return o;
}
'''

# The handler, the same in both: what the request was, then its body.
JS_SERVER = JS_ESC + r'''
const http = require('http');
const atOnce = process.argv[1] === 'at-once';
const server = http.createServer(JSON.parse(process.argv[2]), (req, res) => {
  if (atOnce) {
    res.setHeader('Content-Type', 'text/plain');
    res.end('method ' + esc(req.method) + '\nurl ' + esc(req.url) + '\n');
    return;
  }
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const lines = [
      'method ' + esc(req.method), 'url ' + esc(req.url),
      'version ' + esc(req.httpVersion),
      'raw ' + req.rawHeaders.map(esc).join(' | '),
      'trailers ' + req.rawTrailers.map(esc).join(' | '),
      'body ' + body.length + ' ' + esc(body.toString('latin1')), ''];
    res.setHeader('Content-Type', 'text/plain');
    res.end(lines.join('\n'));
  });
});
server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
'''

PY_ESC = r'''
def esc(s):
    out = []
    for ch in s:
        c = ord(ch)
        if 0x20 <= c < 0x7f and c != 0x5c:
            out.append(ch)
        else:
            out.append('\\u%%04x' %% c)
    return ''.join(out)
'''

PY_SERVER = r'''
import sys
sys.path.insert(0, %(repo)r)
import nodehttp as http

''' + PY_ESC + r'''
import json
AT_ONCE = sys.argv[1] == 'at-once'
OPTIONS = json.loads(sys.argv[2])

def handler(req, res):
    if AT_ONCE:
        res.setHeader('Content-Type', 'text/plain')
        res.end('method ' + esc(req.method) + '\nurl ' + esc(req.url) + '\n')
        return
    chunks = []
    req.on('data', chunks.append)
    def end():
        body = b''.join(chunks)
        lines = [
            'method ' + esc(req.method), 'url ' + esc(req.url),
            'version ' + esc(req.httpVersion),
            'raw ' + ' | '.join(map(esc, req.rawHeaders)),
            'trailers ' + ' | '.join(map(esc, req.rawTrailers)),
            'body %%d %%s' %% (len(body), esc(body.decode('latin-1'))), '']
        res.setHeader('Content-Type', 'text/plain')
        res.end('\n'.join(lines))
    req.on('end', end)

server = http.createServer(OPTIONS, handler)
server.listen(0, '127.0.0.1', lambda: print('PORT', server.address()['port'], flush=True))
'''


class Picks:
    """The random choices of a generator (the fuzzers' Gen classes)."""

    def __init__(self, rnd):
        self.r = rnd

    def pick(self, seq):
        return self.r.choice(seq)

    def p(self, prob):
        return self.r.random() < prob


def stop(*procs):
    """Ends the servers: terminate, then kill what does not go in 5 s."""
    for p in procs:
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()


def stderr_text(proc):
    """What a server started by start() wrote to stderr."""
    proc.errfile.seek(0)
    return proc.errfile.read().decode('utf-8', 'replace')


def start(argv, name, stdin=None):
    err = tempfile.TemporaryFile()
    p = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=err, text=True)
    line = p.stdout.readline()
    m = re.match(r'PORT (\d+)', line)
    if not m:
        p.kill()
        err.seek(0)
        raise SystemExit('%s did not start: %r %s' % (name, line, err.read().decode()))
    p.errfile = err
    return p, int(m.group(1))


# --- the grammar ---------------------------------------------------------------

TOKEN = '!#$%&\'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
METHODS = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'M-SEARCH', 'PURGE',
           'SOURCE', 'QUERY', 'LINK', 'PROPFIND']
ODD_METHODS = ['get', 'GETT', 'PRI', 'FOO', 'G\x00T', '', 'CONNECT']
ODD = [b'\x00', b'\x01', b'\x7f', b'\x80', b'\xff', b'\t', b' ', b'\r', b'\n', b'"', b'\\', b'@',
       b'(', b'{', b'/', b';', b',', b'=', b':', b'\x0b', b'\x0c']


class Grammar:
    """The random choices and mutations both fuzzers build with."""

    ODD = ODD                 # bytes a mutation puts in
    BAD_EOLS = [b'\n', b'\r', b'\r\r\n', b' \r\n']

    def __init__(self, rnd, rate=0.04):
        self.r = rnd
        self.rate = rate

    def pick(self, seq):
        return self.r.choice(seq)

    def p(self, prob):
        return self.r.random() < prob

    def token(self, n=None):
        n = n or self.r.randint(1, 8)
        return ''.join(self.pick(TOKEN) for _ in range(n)).encode()

    def mutate(self, b):
        """Insert, replace or delete a byte now and then."""
        if not b or not self.p(self.rate):
            return b
        i = self.r.randrange(len(b) + 1)
        k = self.r.random()
        if k < 0.4:
            return b[:i] + self.pick(self.ODD) + b[i:]
        if k < 0.8 and i < len(b):
            return b[:i] + self.pick(self.ODD) + b[i + 1:]
        return b[:i] + b[i + 1:]

    def eol(self):
        return b'\r\n' if not self.p(self.rate / 2) else self.pick(self.BAD_EOLS)

    def cut(self, data, most=2):
        """data in up to most + 1 packets, cut at random places."""
        cuts = sorted(self.r.randrange(1, len(data)) for _ in range(self.r.randint(0, most))) \
            if len(data) > 2 else []
        pieces, last = [], 0
        for c in cuts:
            if c > last:
                pieces.append(data[last:c])
                last = c
        pieces.append(data[last:])
        return pieces


class Gen(Grammar):
    """Requests."""

    def url(self):
        u = self.pick([b'/', b'/a/b?c=d', b'*', b'http://example.com/x', b'/%41%zz',
                       b'/a#frag', b'//x', b'/' + self.token(20)])
        return self.mutate(u)

    def version(self):
        if not self.p(self.rate * 2):
            return self.pick([b'HTTP/1.1'] * 3 + [b'HTTP/1.0'])
        return self.pick([
            b'HTTP/0.9', b'HTTP/2.0', b'HTTP/1.2', b'http/1.1', b'HTTP/1.10', b'HTTP/11',
            b'HTTP/1', b'HTTP/9.9', b''])

    def value(self):
        v = self.pick([b'x', b'', b'a b', b' padded ', b'\tt\t', b'caf\xe9',
                       b'a,b', b'"quoted"', self.token(30)])
        if self.p(0.01):
            v = b'v' * self.pick([1000, 4000, 8100, 16300, 16384, 17000])
        if self.p(self.rate / 2):
            v += b'\r\n ' + self.token(4)        # obs-fold
        return self.mutate(v)

    def name(self):
        n = self.pick([b'X-Test', b'Accept', b'User-Agent', b'cookie', b'Set-Cookie',
                       b'Content-Type', b'Authorization', b'Via', self.token()])
        if self.p(self.rate):
            n += self.pick([b' ', b'\t', b'_', b'(', b'\x00'])
        return self.mutate(n)

    def chunked_body(self):
        out = b''
        for _ in range(self.r.randint(0, 3)):
            data = bytes(self.r.randrange(32, 127) for _ in range(self.r.randint(1, 20)))
            size = b'%x' % len(data)
            if self.p(0.1):
                size = size.upper() if self.p(0.5) else b'0' + size
            if self.p(0.08):
                size = self.pick([b'', b'-1', b'g', b'ffffffffffffffffff', b' ' + size,
                                  size + b' ', b'%x' % (len(data) + 1)])
            ext = b''
            if self.p(0.15):
                ext = self.pick([b';a', b';a=b', b';a="b;c"', b' ;a', b';', b';a=', b';"x"'])
            out += size + ext + self.eol() + data + self.eol()
        last = self.pick([b'0'] * 6 + [b'00', b'0;x=y'])
        out += last + self.eol()
        if self.p(0.15):
            out += self.name() + b': ' + self.value() + self.eol()
        out += self.eol()
        return out

    def request(self):
        method = self.pick(ODD_METHODS if self.p(self.rate) else METHODS).encode()
        sp = b' ' if self.p(0.93) else self.pick([b'  ', b'\t', b''])
        line = self.mutate(method) + sp + self.url() + b' ' + self.version()
        if self.p(0.03):
            line = self.url()                     # a HTTP/0.9-style line
        headers = []
        if self.p(0.9):
            headers.append((b'Host', self.pick([b'localhost', b'a.b:80', b'', b'x y'])))
        for _ in range(self.r.randint(0, 4) if not self.p(0.03) else self.r.randint(28, 40)):
            headers.append((self.name(), self.value()))
        body = b''
        framing = self.r.random()
        if method in (b'POST', b'PUT', b'PATCH') or self.p(0.2):
            data = bytes(self.r.randrange(32, 127) for _ in range(self.r.randint(0, 30)))
            if framing < 0.45:
                cl = b'%d' % len(data)
                if self.p(0.12):
                    cl = self.pick([b'+5', b'-1', b' 5 ', b'5, 5', b'5,6', b'0x5', b'', b'99999999999999999999',
                                    b'%d' % (len(data) + 3)])
                headers.append((b'Content-Length', cl))
                if self.p(0.05):
                    headers.append((b'Content-Length', self.pick([cl, b'7'])))
                body = data
            elif framing < 0.85:
                te = self.pick([b'chunked'] * 6 + [b'Chunked', b'gzip, chunked', b'chunked, gzip',
                                                   b'chunked, chunked', b' chunked', b'identity',
                                                   b'chunkedx', b'gzip'])
                headers.append((b'Transfer-Encoding', te))
                if self.p(0.08):
                    headers.append((b'Content-Length', b'%d' % len(data)))
                body = self.chunked_body()
            else:
                body = data                        # no framing at all
        if self.p(0.1):
            headers.append(self.pick([(b'Connection', b'close'), (b'Connection', b'keep-alive'),
                                      (b'Expect', b'100-continue'), (b'Expect', b'x'),
                                      (b'Connection', b'Upgrade'), (b'Upgrade', b'websocket')]))
        self.r.shuffle(headers)
        out = line + self.eol()
        for n, v in headers:
            sep = b': ' if not self.p(self.rate) else self.pick([b':', b' : ', b':\t', b'::'])
            out += n + sep + v + self.eol()
        out += self.eol()
        return out + body

    def case(self):
        data = b''.join(self.request() for _ in range(self.pick([1, 1, 1, 2, 3])))
        if self.p(0.05):
            data = self.pick([b'\r\n', b'\r\n\r\n', b'\n']) + data
        pieces = self.cut(data, 2 if not self.p(0.05) else 6)
        return pieces, self.p(0.3)


# --- one exchange ----------------------------------------------------------------

DATE = re.compile(rb'\r\nDate: [^\r\n]*')


def exchange(port, pieces, fin, idle=0.3, limit=3.0, gap=0.02):
    s = socket.create_connection(('127.0.0.1', port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buf = b''
    closed = 'open'
    try:
        for i, p in enumerate(pieces):
            if i:
                time.sleep(gap)
            try:
                s.sendall(p)
            except OSError:
                fin = False
                break
        if fin and closed == 'open':
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        deadline = time.monotonic() + limit
        while True:
            r, _, _ = select.select([s], [], [], min(idle, max(0, deadline - time.monotonic())))
            if not r:
                break
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                closed = 'reset'
                break
            if not chunk:
                closed = 'closed'
                break
            buf += chunk
    finally:
        s.close()
    if closed == 'reset':
        closed = 'closed'        # (a reset after the answer is a close, as far as a client knows)
    return DATE.sub(b'\r\nDate: X', buf), closed


def run_case(ports, pieces, fin, gap=0.02):
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        a = ex.submit(exchange, ports[0], pieces, fin, gap=gap)
        b = ex.submit(exchange, ports[1], pieces, fin, gap=gap)
        return a.result(), b.result()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--cases', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--jobs', type=int, default=16)
    ap.add_argument('--out', default=None, help='directory for the differences found')
    ap.add_argument('--rate', type=float, default=0.04,
                    help='how often a piece of a request is mutated (default 0.04)')
    ap.add_argument('--options', default='{}',
                    help="createServer's options for both, as JSON (e.g. '{\"maxHeaderSize\": 1024}')")
    ap.add_argument('--handler', choices=['echo', 'at-once'], default='echo',
                    help='echo: read the body, then describe the request; at-once: answer '
                         'in the handler, the body unread')
    args = ap.parse_args()
    if not shutil.which('node'):
        raise SystemExit('node is not installed: nothing to compare with')
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    out = args.out or tempfile.mkdtemp(prefix='fuzz_wire.')
    os.makedirs(out, exist_ok=True)
    node, nport = start(['node', '-e', JS_SERVER, args.handler, args.options], 'node')
    py, pport = start([sys.executable, '-c', PY_SERVER % {'repo': REPO}, args.handler, args.options],
                      'nodehttp')
    print('seed %d, %d cases, %s handler, options %s, mutation rate %g, node :%d, nodehttp :%d, '
          'differences in %s' % (seed, args.cases, args.handler, args.options, args.rate, nport,
                                 pport, out), flush=True)
    rnd = random.Random(seed)
    gen = Gen(rnd, args.rate)
    cases = [gen.case() for _ in range(args.cases)]
    kinds = {}
    stayed = 0
    t0 = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            futs = {ex.submit(run_case, (nport, pport), p, f): (i, p, f)
                    for i, (p, f) in enumerate(cases)}
            for fut in concurrent.futures.as_completed(futs):
                i, pieces, fin = futs[fut]
                (nb, nc), (pb, pc) = fut.result()
                if (nb, nc) == (pb, pc):
                    continue
                # (the tries again leave more time between the pieces: on a
                # loaded machine a server may read two of them as one)
                again = [run_case((nport, pport), pieces, fin, gap) for gap in (0.02, 0.1)]
                if any(x == y for x, y in again):
                    continue              # timing, not behaviour
                stayed += 1
                key = (nb.split(b'\r\n', 1)[0], pb.split(b'\r\n', 1)[0], nc, pc)
                kinds.setdefault(key, []).append(i)
                with open(os.path.join(out, 'case%05d.txt' % i), 'w') as f:
                    f.write('pieces: %r\nfin: %r\n\nnode (%s):\n%r\n\nnodehttp (%s):\n%r\n'
                            % (pieces, fin, nc, nb, pc, pb))
    finally:
        stop(node, py)
    err = stderr_text(py)
    print('%d cases in %.1f s; %d differences that stayed' % (len(cases), time.monotonic() - t0, stayed))
    for (nl, pl, nc, pc), ids in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print('  %4d  node %r %s / nodehttp %r %s  e.g. case%05d' % (len(ids), nl, nc, pl, pc, ids[0]))
    if err.strip():
        print('nodehttp stderr:\n' + err[:4000])
    return 1 if stayed or err.strip() else 0


if __name__ == '__main__':
    sys.exit(main())
