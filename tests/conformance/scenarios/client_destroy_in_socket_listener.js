// A request destroyed in its 'socket' listener, its new socket still
// connecting: no 'connect' on the socket (it never gets there), the
// request's 'error' (socket hang up) and 'close', then the socket's 'close'.
const http = require('http');
const { C } = require('./_out');

const server = http.createServer((req, res) => res.end('ok'));

server.listen(0, '127.0.0.1', () => {
  const req = http.get({ port: server.address().port, host: '127.0.0.1', agent: false });
  req.on('socket', (sock) => {
    C('socket', sock.connecting);
    sock.on('connect', () => C('socket connect'));
    sock.on('close', () => C('socket close'));
    req.destroy();
  });
  req.on('error', (err) => C('request error', err.code, err.message));
  req.on('close', () => { C('request close'); server.close(); });
});
