// Listening on a port in use: the second server's 'error' is EADDRINUSE (code, syscall, message).
const http = require('http');
const { S } = require('./_out');

const first = http.createServer();
first.listen(0, '127.0.0.1', () => {
  const port = first.address().port;
  const second = http.createServer();
  second.on('error', (err) => {
    S('error', err.code, err.syscall, err.address, err.port === port, err.message);
    S('listening', second.listening);
    first.close(() => S('first closed'));
  });
  second.listen(port, '127.0.0.1', () => S('listening (must not fire)'));
});
