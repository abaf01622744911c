// A response's 'data' listener pauses at its last chunk.  Node's client
// parses a whole packet before its ticks run, and a fresh response buffers
// until its first read: a body that ends in the head's packet is buffered
// and ended when the flow starts, and the read that empties it schedules
// 'end' (then 'close') although the listener paused.  A body that comes in
// a later packet is emitted as it is pushed; the end that follows finds
// the response paused: no 'end'.  The same for a plain Readable: one
// buffered chunk then the end gives 'end'; two chunks leave the second.
const http = require('http');
const net = require('net');
const { Readable } = require('stream');
const { C, tag, later } = require('./_out');

const HEAD = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n';
const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n';
const shapes = [
  ['one packet', (s) => s.end(HEAD + 'hello')],
  ['body later', (s) => { s.write(HEAD); setTimeout(() => s.end('hello'), 50); }],
  ['chunked, end later', (s) => { s.write(CHUNKED + '2\r\nab\r\n'); setTimeout(() => s.end('2\r\ncd\r\n0\r\n\r\n'), 50); }],
];
let next = 0;

const server = net.createServer((sock) => {
  const shape = shapes[next++][1];
  sock.once('data', () => shape(sock));
  sock.on('error', () => {});
});

function run(i) {
  if (i === shapes.length) {
    server.close();
    return;
  }
  const name = shapes[i][0];
  http.get({ port: server.address().port, host: '127.0.0.1', agent: false }, (res) => {
    res.on('data', (c) => { C(name, 'data', String(c)); res.pause(); C(name, 'paused', res.isPaused()); });
    res.on('end', () => C(name, 'end'));
    res.on('close', () => C(name, 'close'));
    later(() => {
      C(name, 'later: readableEnded', res.readableEnded, 'complete', res.complete);
      res.destroy();
      run(i + 1);
    });
  });
}

function plain() {
  for (const chunks of [['ab'], ['a', 'b']]) {
    const name = 'readable ' + chunks.length;
    const M = tag('R' + chunks.length);
    const r = new Readable({ read() {} });
    for (const c of chunks) r.push(c);
    r.push(null);
    r.on('end', () => M(name, 'end'));
    r.on('data', (c) => { M(name, 'data', String(c)); r.pause(); });
    later(() => M(name, 'later: readableEnded', r.readableEnded));
  }
}

server.listen(0, '127.0.0.1', () => { plain(); run(0); });
