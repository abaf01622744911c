// req.setEncoding('utf8'|'hex'): 'data' gets strings, decoded across chunk boundaries.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  req.setEncoding(req.url === '/hex' ? 'hex' : 'utf8');
  let s = '';
  req.on('data', (c) => { s += c; S('data type', req.url, typeof c); });
  req.on('end', () => {
    S('body', req.url, s);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const euro = Buffer.from('\u20ac!', 'utf8');
  const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/utf8' }, (res) => {
    res.resume();
    res.on('end', () => {
      const req2 = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/hex' }, (res2) => {
        res2.resume();
        res2.on('end', () => { C('done'); server.close(); });
      });
      req2.end(Buffer.from([0xde, 0xad]));
    });
  });
  req.end(euro);
});
