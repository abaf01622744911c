// Client req.setTimeout(ms): 'timeout' on a slow response; req.destroy() -> 'error' ECONNRESET 'socket hang up', 'close'.
const http = require('http');
const { S, C } = require('./_out');

let pending;
const server = http.createServer((req, res) => {
  S('request');
  pending = res; // never answered in time
});
server.listen(0, '127.0.0.1', () => {
  const req = http.get({ host: '127.0.0.1', port: server.address().port }, () => C('response (must not fire)'));
  req.setTimeout(150, () => C('setTimeout callback'));
  req.on('timeout', () => {
    C('timeout event');
    req.destroy();
  });
  req.on('error', (err) => C('error', err.code, err.message));
  req.on('close', () => {
    C('close', req.destroyed);
    server.close();
    server.closeAllConnections();
  });
});
