// A server answering HEAD: res.end(body) sends no body, Content-Length stays; req.flushHeaders on the client.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.method);
  res.setHeader('Content-Type', 'text/plain');
  res.end('this body is not sent for HEAD');
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'HEAD' }, (res) => {
    C('response', res.statusCode, res.headers['content-length'], res.headers['transfer-encoding']);
    let n = 0;
    res.on('data', (d) => { n += d.length; });
    res.on('end', () => {
      C('end', n);
      server.close();
    });
  });
  req.flushHeaders();
  C('headersSent after flushHeaders', req.headersSent);
  req.end();
});
