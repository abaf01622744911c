// A closing server emits 'close' when its last connection is destroyed: on
// the next tick, before that socket's own 'close' (Node counts a connection
// out in the socket's destroy()).
const http = require('http');
const net = require('net');
const { S } = require('./_out');

const server = http.createServer((req, res) => {
  S('request');
  server.close(() => S('server close callback'));
  req.socket.setTimeout(50, () => {
    req.socket.destroy();
    S('socket destroyed');
    process.nextTick(() => S('tick after destroy'));
  });
  res.on('close', () => S('res close'));
});
server.on('connection', (socket) => socket.on('close', () => S('socket close')));
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  });
  c.on('error', () => {});
});
