#!/usr/bin/env python3
"""Differential fuzzing of the server's response and request API against Node.

    python scripts/fuzz_api.py [--cases 1000] [--seed N] [--jobs 16] [--out DIR]

Each case is a request (GET, HEAD, POST with a body, ...; HTTP/1.1 or 1.0;
sometimes ``Connection`` or ``Expect``) and a handler program: a list of
calls on the ``ServerResponse`` and the request, picked at random --
``setHeader``, ``appendHeader``, ``removeHeader``, the getters,
``statusCode`` and ``statusMessage``, ``writeHead`` in its forms, ``write``
and ``end`` with strings, bytes, encodings and callbacks, ``flushHeaders``,
``addTrailers``, ``cork``, the informational writes, ``destroy``, and on
the request: its head (``method`` ... ``headersDistinct``), ``setEncoding``,
``read``, ``pause``, ``resume``, ``destroy``, reading the body with
``'data'`` or ``'readable'`` (the text, the trailers), and going on later
from a timer -- with valid and invalid names, values, codes and messages.
Requests carry duplicate headers of each kind Node joins, keeps or lists,
a byte past ASCII, and bodies of UTF-8 text cut mid-character, chunked in
pieces, with trailers.

A Node server and a nodehttp server both run the same interpreter of those
programs.  Each call's result (or the ``.code`` of what it threw), write and
end callbacks, the response's ``'error'`` (always listened to: unhandled,
it ends Node's process) and, in half the cases, its ``'finish'`` and
``'close'`` are logged, in order, by each server.  A client sends the
request; if the connection stays open it sends ``GET /ping`` on it (so a
response framed wrongly shows).  The bytes back (``Date:`` masked), whether
the connection closed, and the log are compared.  A difference is tried twice
more, to drop those that come from timing.

Bounded: every exchange has a deadline, the run has ``--cases`` cases, and
only 127.0.0.1 is contacted.  Exit status 1 when a difference stayed, or
when the nodehttp server wrote anything to stderr (a traceback from its own
code).
"""

import argparse
import concurrent.futures
import json
import os
import random
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from fuzz_wire import DATE, REPO, Picks, start, stderr_text, stop

# --- the interpreter, in both languages ----------------------------------------
#
# A program is a list of steps [op, args...].  Arguments come as JSON; an
# object {"bytes": hex} is a Buffer / bytes, {"map": [[k, v], ...]} a Map /
# dict, "$cb" a callback that logs ["cb", n, error code or null].  A result
# is logged as "res" when it is the response, objects as their pairs in order.

JS_SERVER = r'''
const http = require('http');
const fs = require('fs');
const cases = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const server = http.createServer(JSON.parse(process.argv[2]), handler);

function arg(v, log) {
  if (v === '$cb') { const n = log.cbs++; return (err) => log(['cb', n, err ? (err.code || 'error') : null]); }
  if (Array.isArray(v)) return v.map((x) => arg(x, log));
  if (v !== null && typeof v === 'object') {
    if ('bytes' in v) return Buffer.from(v.bytes, 'hex');
    if ('map' in v) return new Map(v.map.map(([k, x]) => [k, arg(x, log)]));
    const o = {};
    for (const k of Object.keys(v)) o[k] = arg(v[k], log);
    return o;
  }
  return v;
}

function shown(x, res, req) {
  if (x === res) return 'res';
  if (x === req && req) return 'req';
  if (x === undefined || x === null) return null;
  if (Buffer.isBuffer(x)) return { bytes: x.toString('hex') };
  if (Array.isArray(x)) return x.map((y) => shown(y, res, req));
  if (typeof x === 'object') return { pairs: Object.keys(x).map((k) => [k, shown(x[k], res, req)]) };
  return x;
}

function textShown(hex) {
  return hex.length <= 400 ? hex : [hex.length, hex.slice(0, 200), hex.slice(-200)];
}

function call(op, a, req, res, log) {
  switch (op) {
    case 'setHeader': return res.setHeader(a[0], a[1]);
    case 'appendHeader': return res.appendHeader(a[0], a[1]);
    case 'setHeaders': return res.setHeaders(a[0]);
    case 'getHeader': return res.getHeader(a[0]);
    case 'hasHeader': return res.hasHeader(a[0]);
    case 'removeHeader': return res.removeHeader(a[0]);
    case 'getHeaderNames': return res.getHeaderNames();
    case 'getRawHeaderNames': return res.getRawHeaderNames();
    case 'getHeaders': return res.getHeaders();
    case 'statusCode': res.statusCode = a[0]; return undefined;
    case 'statusMessage': res.statusMessage = a[0]; return undefined;
    case 'sendDate': res.sendDate = a[0]; return undefined;
    case 'writeHead': return res.writeHead(...a);
    case 'write': return res.write(...a);
    case 'end': return res.end(...a);
    case 'flushHeaders': return res.flushHeaders();
    case 'addTrailers': return res.addTrailers(a[0]);
    case 'cork': return res.cork();
    case 'uncork': return res.uncork();
    case 'writeContinue': return res.writeContinue();
    case 'writeProcessing': return res.writeProcessing();
    case 'writeEarlyHints': return res.writeEarlyHints(...a);
    case 'destroy': return res.destroy();
    case 'state':
      return [res.headersSent, res.writableEnded, res.writableFinished, res.finished,
              res.statusCode, res.statusMessage, res.writableCorked, res.sendDate];
    case 'reqState': return [req.complete, req.readableEnded, req.aborted, req.destroyed];
    case 'reqInfo':
      return [req.method, req.url, req.httpVersion, req.httpVersionMajor, req.httpVersionMinor,
              req.headers, req.rawHeaders, req.headersDistinct];
    case 'reqPause': return req.pause();
    case 'reqResume': return req.resume();
    case 'reqDestroy': return req.destroy();
    case 'reqRead': return req.read(...a);
    case 'reqSetEncoding': return req.setEncoding(a[0]);
  }
  throw new Error('unknown op ' + op);
}

function run(steps, k, req, res, log) {
  for (; k < steps.length; k++) {
    const [op, ...raw] = steps[k];
    if (op === 'readBody' || op === 'readReadable') {
      // bytes counted, strings (after a setEncoding) kept: chunk bounds may differ
      let n = 0, text = '';
      const take = (d) => { if (typeof d === 'string') text += d; else n += d.length; };
      if (op === 'readBody') req.on('data', take);
      else req.on('readable', () => { let d; while ((d = req.read()) !== null) take(d); });
      req.on('end', () => {
        log([k, 'body', n, textShown(Buffer.from(text, 'utf16le').toString('hex')),
             shown(req.trailers, res, req), req.rawTrailers]);
        run(steps, k + 1, req, res, log);
      });
      return;
    }
    if (op === 'later') {
      setTimeout(() => { log([k, 'later']); run(steps, k + 1, req, res, log); }, 20);
      return;
    }
    let entry;
    try {
      entry = [k, op, shown(call(op, arg(raw, log), req, res, log), res, req)];
    } catch (e) {
      entry = [k, op, 'throw', e.code || ('E:' + e.name)];
    }
    log(entry);
  }
}

function handler(req, res) {
  const m = /^\/c\/(\d+)\/(\d+)$/.exec(req.url);
  if (!m) { res.end('pong'); return; }
  const tag = m[1] + '/' + m[2];
  const c = cases[+m[1]];
  const log = (entry) => process.stdout.write(tag + ' ' + JSON.stringify(entry) + '\n');
  log.cbs = 0;
  res.on('error', (e) => log(['ev', 'error', e.code || ('E:' + e.name)]));
  if (c.listen) {
    res.on('finish', () => log(['ev', 'finish']));
    res.on('close', () => log(['ev', 'close']));
  }
  run(c.steps, 0, req, res, log);
}

server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
'''

PY_SERVER = r'''
import json, sys, threading
sys.path.insert(0, %(repo)r)
import nodehttp as http
from nodehttp import _tick

CASES = json.load(open(sys.argv[1]))
OUT = threading.Lock()


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
        if 'map' in v:
            return {k: arg(x, log) for k, x in v['map']}
        return {k: arg(x, log) for k, x in v.items()}
    return v


def shown(x, res, req=None):
    if x is res:
        return 'res'
    if x is req and req is not None:
        return 'req'
    if isinstance(x, (bytes, bytearray)):
        return {'bytes': bytes(x).hex()}
    if isinstance(x, (list, tuple)):
        return [shown(y, res, req) for y in x]
    if isinstance(x, dict):
        return {'pairs': [[k, shown(y, res, req)] for k, y in x.items()]}
    return x


def text_shown(text):
    h = text.encode('utf-16-le', 'surrogatepass').hex()
    return h if len(h) <= 400 else [len(h), h[:200], h[-200:]]


def call(op, a, req, res):
    if op == 'statusCode':
        res.statusCode = a[0]
    elif op == 'statusMessage':
        res.statusMessage = a[0]
    elif op == 'sendDate':
        res.sendDate = a[0]
    elif op == 'state':
        return [res.headersSent, res.writableEnded, res.writableFinished, res.finished,
                res.statusCode, res.statusMessage, res.writableCorked, res.sendDate]
    elif op == 'reqState':
        return [req.complete, req.readableEnded, req.aborted, req.destroyed]
    elif op == 'reqInfo':
        return [req.method, req.url, req.httpVersion, req.httpVersionMajor, req.httpVersionMinor,
                req.headers, req.rawHeaders, req.headersDistinct]
    elif op.startswith('req'):
        return getattr(req, op[3].lower() + op[4:])(*a)
    else:
        return getattr(res, op)(*a)


class Log:
    """One case's log lines, printed as they come.  On a thread of the
    program's own (its timer), nodehttp calls back at once what Node calls
    back once the running code is over (docs/threading.md): there, what the
    steps call back on that thread is held until they are done."""

    def __init__(self, tag):
        self.tag = tag
        self.cbs = 0
        self.held = None
        self.holder = None

    def __call__(self, entry, now=False):
        if not now and self.held is not None and threading.current_thread() is self.holder:
            self.held.append(entry)
            return
        line = self.tag + ' ' + json.dumps(entry, separators=(',', ':'), ensure_ascii=False) + '\n'
        with OUT:
            sys.stdout.write(line)
            sys.stdout.flush()

    def hold(self):
        self.holder = threading.current_thread()
        self.held = []

    def release(self):
        held, self.held = self.held, None
        for e in held or ():
            self(e)


def run(steps, k, req, res, log, foreign=False):
    if foreign:
        log.hold()
    try:
        run_steps(steps, k, req, res, log, foreign)
    finally:
        if foreign:
            log.release()


def run_steps(steps, k, req, res, log, foreign):
    while k < len(steps):
        op, raw = steps[k][0], steps[k][1:]
        if op in ('readBody', 'readReadable'):
            n = [0]
            text = []

            def take(d):
                if isinstance(d, str):
                    text.append(d)
                else:
                    n[0] += len(d)

            def readable():
                while True:
                    d = req.read()
                    if d is None:
                        break
                    take(d)

            def end(k=k):
                log([k, 'body', n[0], text_shown(''.join(text)), shown(req.trailers, res, req),
                     req.rawTrailers])
                run(steps, k + 1, req, res, log, not _tick.on_nodehttp_thread())
            if op == 'readBody':
                req.on('data', take)
            else:
                req.on('readable', readable)
            req.on('end', end)
            return
        if op == 'later':
            def later(k=k):
                log([k, 'later'])
                run(steps, k + 1, req, res, log, True)
            t = threading.Timer(0.02, later)
            t.daemon = False
            t.start()
            return
        try:
            entry = [k, op, shown(call(op, arg(raw, log), req, res), res, req)]
        except Exception as e:
            entry = [k, op, 'throw', getattr(e, 'code', None) or 'E:' + type(e).__name__]
        log(entry, now=True)
        k += 1


def handler(req, res):
    parts = req.url.split('/')
    if len(parts) != 4 or parts[1] != 'c':
        res.end('pong')
        return
    c = CASES[int(parts[2])]
    log = Log(parts[2] + '/' + parts[3])
    res.on('error', lambda e: log(['ev', 'error', getattr(e, 'code', None) or 'E:' + type(e).__name__]))
    if c['listen']:
        res.on('finish', lambda: log(['ev', 'finish']))
        res.on('close', lambda: log(['ev', 'close']))
    run(c['steps'], 0, req, res, log)


server = http.createServer(json.loads(sys.argv[2]), handler)
server.listen(0, '127.0.0.1', lambda: print('PORT', server.address()['port'], flush=True))
sys.stdin.read()      # (the main thread waits: Python 3.12.1 starts no thread once it is over)
'''


# --- the programs ------------------------------------------------------------

NAMES = ['X-A', 'x-a', 'X-B', 'Content-Type', 'content-type', 'Content-Length', 'Transfer-Encoding',
         'Connection', 'Date', 'Set-Cookie', 'Trailer', 'Keep-Alive', 'Host', 'Bad Name', '',
         'X-\u00e9', 'X:Y']
VALUES = ['v', '', 'a b', '5', 5, 0, ['a', 'b'], [], 'chunked', 'close', 'keep-alive',
          'gzip, chunked', 'bad\r\nv', '\u00e9t\u00e9', '\u0100', 'timeout=3', 'text/html', ' pad ',
          'a\tb', '3']
CODES = [200, 200, 200, 201, 204, 304, 404, 500, 100, 101, 102, 103, 199, 99, 1000, 599, 999, '200',
         200.5]
MESSAGES = ['OK', 'Custom Reason', '', 'caf\u00e9', 'bad\nmsg', None]
BODIES = ['hello', '', 'caf\u00e9', {'bytes': '00ff41'}, {'bytes': ''}, 'x' * 300, '6869']
ENCODINGS = [None, None, 'latin1', 'hex', 'base64', 'utf8', 'ascii', 'utf16le']
WAITS = ('readBody', 'readReadable', 'later')
READ_ENCODINGS = ['utf8', 'utf8', 'latin1', 'hex', 'base64', 'utf16le', 'ascii', 'binary', 'ucs2',
                  'base64url', 'UTF-8', 'nope', None]
# request headers: duplicates of each kind Node joins, keeps first, or lists
REQ_HEADERS = [b'X-Dup: a', b'x-dup: b', b'Cookie: a=1', b'cookie: b=2', b'Set-Cookie: s=1',
               b'set-cookie: s=2', b'Content-Type: text/plain', b'content-type: text/html',
               b'User-Agent: u1', b'user-agent: u2', b'Accept: */*', b'X-Empty:', b'X-Sp:   a  b  ',
               b'Authorization: x', b'authorization: y', b'Age: 1', b'age: 2', b'X-Latin: caf\xe9',
               b'Referer: r', b'referer: r2', b'From: f', b'Max-Forwards: 1', b'max-forwards: 2',
               b'Accept-Encoding: gzip', b'accept-encoding: br', b'Via: 1', b'via: 2']
TEXT = 'h\u00e9llo w\u00f6rld \u20ac '.encode()     # multi-byte characters, to be cut


class Gen(Picks):

    def headers(self):
        pairs = [[self.pick(NAMES[:12]), self.pick(VALUES[:12])] for _ in range(self.r.randint(0, 3))]
        if self.p(0.1):
            pairs.append([self.pick(NAMES), self.pick(VALUES)])
        form = self.r.random()
        if form < 0.6:
            return {k: v for k, v in pairs}
        if form < 0.85:
            return [x for kv in pairs for x in kv]       # flat, as Node's raw form
        return pairs                                      # [[k, v], ...]

    def data_args(self, end=False):
        if end and self.p(0.4):
            return ['$cb'] if self.p(0.2) else []
        args = [self.pick(BODIES)]
        if self.p(0.3) and isinstance(args[0], str):
            args.append(self.pick(ENCODINGS))
            if args[1] == 'hex':
                args[0] = self.pick(['6869', ''])   # (Node asserts on an odd-length hex string)
            elif args[1] == 'base64':
                args[0] = self.pick(['aGk=', ''])   # (stray characters: docs/differences.md)
        if self.p(0.2):
            args.append('$cb')
        return args

    def request_step(self):
        k = self.r.random()
        if k < 0.25:
            return ['reqInfo']
        if k < 0.45:
            return ['reqSetEncoding', self.pick(READ_ENCODINGS)]
        if k < 0.6:
            return ['readReadable']
        if k < 0.7:
            return ['reqPause']
        if k < 0.8:
            return ['reqResume']
        if k < 0.85:
            return ['reqDestroy']
        if k < 0.95:
            return ['reqRead'] + ([] if self.p(0.5) else [self.pick([0, 1, 5, 100])])
        return ['reqState']

    def step(self):
        if self.p(0.12):
            return self.request_step()
        k = self.r.random()
        if k < 0.22:
            return ['setHeader', self.pick(NAMES if self.p(0.2) else NAMES[:12]),
                    self.pick(VALUES if self.p(0.2) else VALUES[:12])]
        if k < 0.26:
            return ['appendHeader', self.pick(NAMES[:12]), self.pick(VALUES[:12])]
        if k < 0.28:
            return ['setHeaders', {'map': [[self.pick(NAMES[:12]), self.pick(VALUES[:12])]
                                           for _ in range(self.r.randint(0, 2))]}]
        if k < 0.33:
            return [self.pick(['getHeader', 'hasHeader', 'removeHeader']), self.pick(NAMES[:12])]
        if k < 0.37:
            return [self.pick(['getHeaderNames', 'getRawHeaderNames', 'getHeaders', 'state',
                               'reqState'])]
        if k < 0.41:
            return ['statusCode', self.pick(CODES[:12])]
        if k < 0.43:
            return ['statusMessage', self.pick(MESSAGES)]
        if k < 0.45:
            return ['sendDate', False]
        if k < 0.55:
            args = [self.pick(CODES)]
            form = self.r.random()
            if form < 0.3:
                args.append(self.pick(MESSAGES))
            elif form < 0.6:
                args.append(self.headers())
            elif form < 0.8:
                args += [self.pick(MESSAGES), self.headers()]
            return ['writeHead'] + args
        if k < 0.72:
            return ['write'] + self.data_args()
        if k < 0.75:
            return ['flushHeaders']
        if k < 0.79:
            return ['addTrailers', self.pick([{'X-T': 'v'}, {'X-T': 'a', 'X-U': 'b'}, {'Bad Name': 'v'},
                                              {'X-T': 'bad\nv'}, {}, [['X-T', 'v']]])]
        if k < 0.82:
            return [self.pick(['cork', 'uncork'])]
        if k < 0.84:
            return [self.pick(['writeContinue', 'writeProcessing'])]
        if k < 0.85:
            return ['writeEarlyHints', self.pick([{'link': '</a.css>; rel=preload'},
                                                  {'link': ['</a>; rel=preload', '</b>; rel=preload'],
                                                   'x-hint': 'y'}, {}, {'link': 'bad'}])]
        if k < 0.86:
            return ['destroy']
        if k < 0.91:
            return ['readBody']
        if k < 0.94:
            return ['later']
        return ['end'] + self.data_args(end=True)

    def program(self):
        steps = [self.step() for _ in range(self.r.randint(0, 7))]
        waits = [i for i, st in enumerate(steps) if st[0] in WAITS]
        for i in waits[2:]:
            steps[i] = ['state']                  # at most two waits
        if self.p(0.85):
            steps.append(['end'] + self.data_args(end=True))
            if self.p(0.15):
                steps.append(self.pick([['write', 'late'], ['end', 'again'], ['setHeader', 'X-A', 'v'],
                                        ['state']]))
        return self.without_known_differences(steps)

    @staticmethod
    def without_known_differences(steps):
        """Leaves out what docs/differences.md says differs."""
        names = [st[0] for st in steps]
        if 'cork' in names:
            # a cork undone before any wait and at the end (Node calls back
            # the writes it held when the socket goes: nodehttp does when the
            # response is destroyed, not when the connection is)
            k = names.index('cork')
            waits = [i for i in range(k, len(steps)) if names[i] in WAITS]
            if waits:
                steps.insert(waits[0], ['uncork'])
            steps.append(['uncork'])
        names = [st[0] for st in steps]
        first = next((i for i, n in enumerate(names) if n in WAITS), len(steps))
        if any(n in ('reqRead', 'reqResume', 'readBody', 'readReadable')
               for n in names[:first + 1]):
            # Node parses the rest of the packet -- a request's end in it --
            # before the ticks of the handler run, nodehttp after: the
            # callback of a write in the handler and a body's 'end' may come
            # in the other order (docs/differences.md)
            steps = [[a for a in st if a != '$cb'] if i < first and st[0] in ('write', 'end')
                     else st for i, st in enumerate(steps)]
        gone = False                          # destroy() or end() came
        destroyed = False
        foreign = False                       # after 'later': a thread of the program's
        out = []
        for st in steps:
            op = st[0]
            if op in ('readBody', 'readReadable') and gone:
                # a body read after its response ended or was destroyed:
                # Node may still deliver what its parser had
                st = ['getHeaderNames']
            elif op in ('writeProcessing', 'writeContinue') and destroyed:
                # after destroy(), an end() with nothing to send emits
                # 'finish' in Node; a late informational write leaves
                # writableFinished false there
                st = ['getHeaderNames']
            elif foreign:
                # on that thread nodehttp calls back at once and does not
                # cork a write until a tick ends (docs/threading.md): no
                # callbacks (some of Node's come at once too, and the log
                # cannot tell them apart), no destroy(), no state, nothing
                # after an end()
                st = [a for a in st if a != '$cb']
                if op in ('destroy', 'state', 'reqDestroy'):
                    st = ['getHeaderNames']
            out.append(st)
            if st[0] == 'end' and foreign:
                break
            if st[0] in ('destroy', 'end', 'reqDestroy'):
                gone = True
                destroyed = destroyed or st[0] != 'end'
            if st[0] == 'later':
                foreign = True
        return out

    def request(self, i, attempt, ends=True, consumes=False):
        method = self.pick(['GET'] * 4 + ['HEAD'] * 2 + ['POST'] * 3 + ['PUT', 'OPTIONS', 'DELETE'])
        version = '1.1' if self.p(0.8) else '1.0'
        lines = [b'%s /c/%d/%d HTTP/%s' % (method.encode(), i, attempt, version.encode()),
                 b'Host: localhost']
        if self.p(0.2):
            lines.append(b'Connection: ' + self.pick([b'close', b'keep-alive']))
        if self.p(0.4):
            lines += [self.pick(REQ_HEADERS) for _ in range(self.r.randint(1, 5))]
        body = b''
        if method in ('POST', 'PUT'):
            big = 40000 if version == '1.1' and b'Connection: close' not in lines else 100
            if self.p(0.4):
                body = (TEXT * 8)[:self.pick([1, 3, 16, 60])]
            else:
                # (nor past it when a read() or pause() leaves the body
                # consumed but unread: Node's parser takes the rest of the
                # packet in, nodehttp holds it back, docs/differences.md)
                body = b'b' * self.pick([0, 5, 100, big if ends and not consumes else 100])
            # (a body past the high-water mark, unread, on a closing
            # connection, its response not ended: Node parses on, to the
            # client's next request, nodehttp holds it back,
            # docs/differences.md; an end() may throw, so any closing one)
            if self.p(0.7):
                lines.append(b'Content-Length: %d' % len(body))
            else:
                lines.append(b'Transfer-Encoding: chunked')
                cuts = sorted(self.r.randint(1, max(1, len(body) - 1))
                              for _ in range(self.r.randint(0, 2))) if len(body) > 1 else []
                parts = [body[a:b] for a, b in zip([0] + cuts, cuts + [len(body)])]
                body = b''.join(b'%x\r\n%s\r\n' % (len(x), x) for x in parts if x) + b'0\r\n'
                if self.p(0.3):
                    body += self.pick([b'X-T: 1\r\n', b'X-T: 1\r\nx-t: 2\r\n', b'Cookie: c\r\n'])
                body += b'\r\n'
            if self.p(0.1):
                lines.append(b'Expect: 100-continue')
        return b'\r\n'.join(lines) + b'\r\n\r\n' + body

    def case(self):
        return {'steps': self.program(), 'listen': self.p(0.5), 'seed': self.r.randrange(1 << 30)}


# --- one exchange --------------------------------------------------------------

PING = b'GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n'


def read_until_idle(s, buf, idle, deadline):
    """Reads until the peer is quiet for `idle` s; returns (buf, closed)."""
    while True:
        r, _, _ = select.select([s], [], [], min(idle, max(0, deadline - time.monotonic())))
        if not r:
            return buf, False
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            return buf, True
        if not chunk:
            return buf, True
        buf += chunk


def exchange(port, request, idle=0.25, limit=3.0):
    s = socket.create_connection(('127.0.0.1', port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    deadline = time.monotonic() + limit
    try:
        try:
            s.sendall(request)
        except OSError:
            pass
        buf, closed = read_until_idle(s, b'', idle, deadline)
        if not closed:
            buf += b'<ping>'
            try:
                s.sendall(PING)
            except OSError:
                pass
            buf, closed = read_until_idle(s, buf, idle, deadline)
    finally:
        s.close()
    return DATE.sub(b'\r\nDate: X', buf), closed


class Logs:
    """What one server printed, by 'case/attempt' tag."""

    def __init__(self, proc):
        self.by_tag = {}
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(proc.stdout,), daemon=True)
        self.thread.start()

    def _read(self, f):
        for line in f:
            tag, _, entry = line.rstrip('\n').partition(' ')
            with self.lock:
                self.by_tag.setdefault(tag, []).append(json.loads(entry))

    def get(self, tag):
        with self.lock:
            return list(self.by_tag.get(tag, ()))


def run_case(servers, i, attempt, request):
    """Both servers at once: [(bytes, closed, log)] for Node, then nodehttp."""
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        futs = [ex.submit(exchange, port, request) for port, _logs in servers]
        answers = [f.result() for f in futs]
    time.sleep(0.15)                     # (a 'close' after the client's close)
    tag = '%d/%d' % (i, attempt)
    return [a + (logs.get(tag),) for a, (_port, logs) in zip(answers, servers)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--cases', type=int, default=1000)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--jobs', type=int, default=16)
    ap.add_argument('--out', default=None, help='directory for the differences found')
    ap.add_argument('--options', default='{}', help="createServer's options for both, as JSON")
    args = ap.parse_args()
    if not shutil.which('node'):
        raise SystemExit('node is not installed: nothing to compare with')
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    out = args.out or tempfile.mkdtemp(prefix='fuzz_api.')
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(seed)
    gen = Gen(rnd)
    cases = [gen.case() for _ in range(args.cases)]
    requests = []
    for i, c in enumerate(cases):
        # (the same request thrice, but for the attempt in its url)
        ends = any(st[0] == 'end' for st in c['steps'])
        consumes = any(st[0] in ('reqRead', 'reqPause') for st in c['steps'])
        requests.append([Gen(random.Random(c['seed'])).request(i, a, ends, consumes)
                         for a in range(3)])
    path = os.path.join(out, 'cases.json')
    with open(path, 'w') as f:
        json.dump(cases, f)
    node, nport = start(['node', '-e', JS_SERVER, path, args.options], 'node')
    py, pport = start([sys.executable, '-c', PY_SERVER % {'repo': REPO}, path, args.options],
                      'nodehttp', stdin=subprocess.PIPE)
    servers = [(nport, Logs(node)), (pport, Logs(py))]
    print('seed %d, %d cases, options %s, node :%d, nodehttp :%d, differences in %s'
          % (seed, args.cases, args.options, nport, pport, out), flush=True)
    stayed = 0
    kinds = {}
    t0 = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
            futs = {ex.submit(run_case, servers, i, 0, requests[i][0]): i for i in range(len(cases))}
            for fut in concurrent.futures.as_completed(futs):
                i = futs[fut]
                (nb, nc, nl), (pb, pc, pl) = fut.result()
                if (nb, nc, nl) == (pb, pc, pl):
                    continue
                again = [run_case(servers, i, a, requests[i][a]) for a in (1, 2)]
                if any(x == y for x, y in again):
                    continue              # timing, not behaviour
                stayed += 1
                what = ('bytes ' if nb != pb else '') + ('close ' if nc != pc else '') + \
                    ('log' if nl != pl else '')
                kinds.setdefault(what.strip(), []).append(i)
                with open(os.path.join(out, 'case%05d.txt' % i), 'w') as f:
                    f.write('steps: %s\nlisten: %s\nrequest: %r\n\nnode (closed %s):\n%r\n%s\n\n'
                            'nodehttp (closed %s):\n%r\n%s\n'
                            % (json.dumps(cases[i]['steps']), cases[i]['listen'], requests[i][0],
                               nc, nb, '\n'.join(map(json.dumps, nl)),
                               pc, pb, '\n'.join(map(json.dumps, pl))))
    finally:
        py.stdin.close()
        stop(node, py)
    err = stderr_text(py)
    print('%d cases in %.1f s; %d differences that stayed' % (len(cases), time.monotonic() - t0, stayed))
    for what, ids in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        print('  %4d  %s differ, e.g. case%05d' % (len(ids), what, ids[0]))
    if err.strip():
        print('nodehttp stderr:\n' + err[:4000])
    return 1 if stayed or err.strip() else 0


if __name__ == '__main__':
    sys.exit(main())
