// Server 'listening', 'connection', 'request', 'close'; server.listening; address(); close(cb).
const http = require('http');
const { S, C, M } = require('./_out');

const server = http.createServer();
M('listening before', server.listening);
server.on('listening', () => {
  const a = server.address();
  S('listening event', server.listening, a.address, a.family, typeof a.port);
});
server.on('connection', (socket) => S('connection', socket.remoteAddress));
server.on('request', (req, res) => {
  S('request', req.url);
  res.end('x');
});
server.on('close', () => S('close event', server.listening));
server.listen(0, '127.0.0.1', () => {
  S('listen callback');
  http.get(`http://127.0.0.1:${server.address().port}/ping`, (res) => {
    C('response', res.statusCode);
    res.resume();
    res.on('end', () => {
      C('end');
      server.close((err) => S('close callback', err));
    });
  });
});
