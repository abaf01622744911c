// No server 'upgrade' listener: the request goes to 'request'. No server 'connect' listener: the socket is closed.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.method, req.headers.upgrade);
  res.end('plain answer');
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const req = http.request({ host: '127.0.0.1', port, headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
  req.on('upgrade', () => C('upgrade (must not fire)'));
  req.on('response', (res) => {
    C('response', res.statusCode);
    res.setEncoding('utf8');
    res.on('data', (d) => C('data', d));
    res.on('end', () => {
      const creq = http.request({ host: '127.0.0.1', port, method: 'CONNECT', path: 'example.invalid:443' });
      creq.on('connect', () => C('connect (must not fire)'));
      creq.on('response', () => C('response (must not fire)'));
      creq.on('error', (err) => C('connect error', err.code, err.message));
      creq.on('close', () => {
        C('connect close');
        server.close();
      });
      creq.end();
    });
  });
  req.end();
});
