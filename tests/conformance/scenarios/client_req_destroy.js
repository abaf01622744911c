// The client destroys its request mid-response: res 'aborted', res 'error' (ECONNRESET aborted), 'close's; server sees res 'close'.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.write('first chunk');
  res.on('close', () => {
    S('res close', res.writableEnded, res.writableFinished);
    server.close();
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.get({ host: '127.0.0.1', port: server.address().port }, (res) => {
    C('response', res.statusCode);
    res.once('data', (d) => {
      C('data', d);
      req.destroy();
      C('destroyed', req.destroyed);
    });
    res.on('aborted', () => C('res aborted', res.aborted));
    res.on('error', (err) => C('res error', err.code, err.message));
    res.on('end', () => C('res end (must not fire)'));
    res.on('close', () => C('res close', res.complete));
  });
  req.on('error', (err) => C('req error', err.code, err.message));
  req.on('close', () => C('req close'));
});
