// The request's timeout option: 'timeout' fires on an idle socket; the listener destroys with an Error of its own.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request');
  res.writeHead(200);
  res.flushHeaders(); // then nothing
});
server.listen(0, '127.0.0.1', () => {
  const req = http.get({ host: '127.0.0.1', port: server.address().port, timeout: 150 }, (res) => {
    C('response', res.statusCode);
    res.on('data', () => C('data (must not fire)'));
    res.on('error', (err) => C('res error', err.code, err.message));
    res.on('close', () => {
      C('res close');
      server.close();
      server.closeAllConnections();
    });
  });
  req.on('timeout', () => {
    C('timeout', req.timeout);
    req.destroy(new Error('gave up'));
  });
  req.on('error', (err) => C('req error', err.code, err.message));
  req.on('close', () => C('req close'));
});
