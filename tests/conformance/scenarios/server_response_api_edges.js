// Edges of the response API, each on its own connection, with what reaches
// the wire (Date masked): writeEarlyHints' link rules, writeHead's headers
// list after setHeader(), write() after end(), writableFinished and a
// second end(), setHeaders() of a non-object,
// strictContentLength with a non-numeric Content-Length, the socket
// detached at 'finish', and the chunked default of HTTP/1.0 (TE) and
// HTTP/2.0 request lines.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const tryIt = (what, fn) => {
  try { fn(); S(what, 'ok'); } catch (e) { S(what, e); }
};

const cases = {
  '/hints': (req, res) => {
    tryIt('no link', () => res.writeEarlyHints({}));
    tryIt('Link capitalized', () => res.writeEarlyHints({ Link: '</a.css>; rel=preload' }));
    tryIt('empty list', () => res.writeEarlyHints({ link: [] }));
    tryIt('not a link', () => res.writeEarlyHints({ link: 'foo' }));
    tryIt('empty link', () => res.writeEarlyHints({ link: '' }));
    tryIt('CRLF in link', () => res.writeEarlyHints({ link: '<a>\r\nX: 1' }));
    tryIt('bad item', () => res.writeEarlyHints({ link: ['</a>', 'b'] }));
    tryIt('link and more', () => res.writeEarlyHints({
      'X-A': ['1', '2'], link: ['</a.css>; rel=preload', '</b.js>; rel="preload"; as=script'], n: 5,
    }));
    res.end('x');
  },
  '/writehead': (req, res) => {
    res.setHeader('C', 'c');
    tryIt('nested pairs', () => res.writeHead(200, [['A', '1'], ['B', '2']]));
    tryIt('odd list', () => res.writeHead(200, ['A', '1', 'B']));
    S('headersSent', res.headersSent);
    res.writeHead(201, ['A', '1', 'a', '2']);
    res.end('x');
  },
  '/after-end': (req, res) => {
    res.end('x');
    res.on('error', (e) => S('error event', e.code));
    S('write after end returns', res.write('y', (e) => S('write callback', e.code)));
  },
  '/end-twice': (req, res) => {
    res.on('finish', () => S('finish, writableFinished', res.writableFinished));
    S('writableFinished before end', res.writableFinished);
    res.end('a', () => S('end callback'));
    S('writableFinished after end', res.writableFinished);
    res.end((e) => S('second end callback', e));
    S('after the second end');
  },
  '/setheaders': (req, res) => {
    tryIt('setHeaders(5)', () => res.setHeaders(5));
    res.end();
  },
  '/strict': (req, res) => {
    res.strictContentLength = true;
    res.setHeader('Content-Length', 'abc');
    tryIt('end', () => res.end('ab'));
    res.destroy();
  },
  '/finish': (req, res) => {
    res.on('finish', () => S('at finish: socket', res.socket, 'connection', res.connection));
    res.on('close', () => S('at close: socket', res.socket));
    S('before end: socket', res.socket === req.socket);
    res.end('x');
  },
  '/te': (req, res) => {
    S('useChunkedEncodingByDefault', req.httpVersion, req.headers.te, res.useChunkedEncodingByDefault);
    res.write('a');
    res.end('b');
  },
};

const server = http.createServer((req, res) => cases[req.url](req, res));
const requests = [
  'GET /hints HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /writehead HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /after-end HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /end-twice HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /setheaders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /strict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /finish HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'GET /te HTTP/1.0\r\nTE: notchunked\r\n\r\n',
  'GET /te HTTP/1.0\r\nTE: trailers, chunked\r\n\r\n',
  'GET /te HTTP/2.0\r\nHost: x\r\n\r\n',
];

function next(i) {
  if (i === requests.length) {
    server.close();
    return;
  }
  const c = net.connect(server.address().port, '127.0.0.1', () => c.write(requests[i]));
  let got = '';
  c.on('data', (d) => { got += d.toString('latin1'); });
  c.on('error', () => {});
  c.on('close', () => {
    C(JSON.stringify(got.replace(/Date: [^\r]*/g, 'Date: <masked>')));
    next(i + 1);
  });
}
server.listen(0, '127.0.0.1', () => next(0));
