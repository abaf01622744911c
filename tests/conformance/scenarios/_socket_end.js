'use strict';
// Shared by server_socket_end and server_socket_end_pending: one server, one
// client connection; the server logs its request's, response's and socket's
// events, under the logger S<name>.
const http = require('http');
const net = require('net');
const { tag } = require('./_out');

function run(name, answerLater, sendFirst, next) {
  const S = tag('S' + name);
  const server = http.createServer((req, res) => {
    S('request', req.url);
    req.on('end', () => S('req end'));
    req.on('close', () => S('req close'));
    res.on('finish', () => S('res finish'));
    res.on('close', () => S('res close'));
    if (answerLater) setTimeout(() => { S('answer', res.writable); res.end('x'); }, 100);
    else res.end('x');
  });
  server.on('connection', (socket) => {
    socket.on('end', () => S('socket end', socket.readyState));
    socket.on('close', () => { S('socket close', socket.readyState); server.close(next); });
  });
  server.listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1', () => {
      if (sendFirst) {
        c.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
      } else {
        c.end('GET /b HTTP/1.1\r\nHost: x\r\n\r\n');
      }
    });
    c.on('data', () => { if (sendFirst) setTimeout(() => c.end(), 50); });
    c.on('error', () => {});
  });
}

module.exports = { run };
