// Server-side req.setTimeout(ms, cb) / res.setTimeout: 'timeout' on the request; the handler answers 504.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request');
  req.setTimeout(150, () => {
    if (res.headersSent) return;
    S('req timeout callback');
    res.writeHead(504);
    res.end('too slow');
  });
  res.on('timeout', () => { if (!res.headersSent) S('res timeout event'); });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST' }, (res) => {
    C('response', res.statusCode);
    res.setEncoding('utf8');
    res.on('data', (d) => C('data', d));
    res.on('end', () => {
      req.destroy();
      server.close();
    });
  });
  req.write('body that never ends');
});
