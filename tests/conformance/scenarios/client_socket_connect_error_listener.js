// A connection refused reaches the listeners that a 'socket' listener put
// on the request's socket, however long the 'socket' listeners take: the
// failure is I/O, after the 'socket' tick.  The order: the request's
// 'error', the socket's 'error', the request's 'close', the socket's 'close'.
const http = require('http');
const net = require('net');
const { C } = require('./_out');

const probe = net.createServer();
probe.listen(0, '127.0.0.1', () => {
  const port = probe.address().port;
  probe.close(() => {
    const req = http.request({ port, host: '127.0.0.1', agent: false });
    req.on('socket', (sock) => {
      C('socket', sock.connecting);
      const until = Date.now() + 50;
      while (Date.now() < until);
      sock.on('error', (err) => C('socket error', err.code));
      sock.on('close', (hadError) => C('socket close', hadError));
    });
    req.on('error', (err) => C('request error', err.code));
    req.on('close', () => C('request close'));
    req.end();
  });
});
