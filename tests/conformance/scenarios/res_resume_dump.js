// res.resume() without reading dumps the body: 'end' still fires, readableEnded/complete true, no 'data'.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.url);
  res.end('x'.repeat(100000));
});
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port, path: '/big' }, (res) => {
    C('response', res.statusCode, res.headers['content-length']);
    C('resume returns res', res.resume() === res);
    res.on('end', () => {
      C('end', res.complete, res.readableEnded);
      server.close();
    });
  });
});
