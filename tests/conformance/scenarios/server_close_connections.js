// server.closeIdleConnections() closes a kept-alive idle socket; closeAllConnections() an active one.
const http = require('http');
const { S, C, later } = require('./_out');

let held;
const server = http.createServer((req, res) => {
  S('request', req.url);
  if (req.url === '/hold') { held = res; res.write('partial'); return; }
  res.end('done');
});
const agent = new http.Agent({ keepAlive: true });
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get({ host: '127.0.0.1', port, path: '/idle', agent }, (res) => {
    const socket = res.socket;
    res.resume();
    res.on('end', () => {
      socket.on('close', () => {
        C('idle socket closed');
        const req = http.get({ host: '127.0.0.1', port, path: '/hold' }, (res2) => {
          res2.once('data', () => {
            C('got partial');
            server.close(() => S('server closed'));
            server.closeAllConnections();
          });
          res2.on('error', (err) => C('res2 error', err.code, err.message));
          res2.on('close', () => C('res2 close', res2.complete));
        });
        req.on('error', (err) => C('req error', err.code));
      });
      later(() => server.closeIdleConnections());
    });
  });
});
