// A request to a port nobody listens on: 'error' ECONNREFUSED (code, syscall, address, message), then 'close'.
const http = require('http');
const { C } = require('./_out');

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  server.close(() => {
    const req = http.get({ host: '127.0.0.1', port }, () => C('response (must not fire)'));
    req.on('socket', () => C('socket'));
    req.on('error', (err) => {
      C('error', err.code, err.syscall, err.address, err.port === port, err.message);
      C('error is Error', err instanceof Error);
    });
    req.on('close', () => C('close', req.destroyed));
  });
});
