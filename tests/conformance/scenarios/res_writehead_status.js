// res.writeHead(status, message, headers) and res.statusCode/statusMessage as properties.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  if (req.url === '/a') {
    res.writeHead(201, 'Made It', { 'X-A': '1', 'Content-Length': 2 });
    S('a', res.statusCode, res.statusMessage, res.headersSent);
    res.end('ok');
  } else {
    S('b default', res.statusCode, res.statusMessage);
    res.statusCode = 404;
    res.statusMessage = 'Nope';
    res.end();
  }
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get({ host: '127.0.0.1', port, path: '/a' }, (res) => {
    C('a', res.statusCode, res.statusMessage, res.headers['x-a'], res.headers['content-length']);
    res.resume();
    res.on('end', () => {
      http.get({ host: '127.0.0.1', port, path: '/b' }, (res2) => {
        C('b', res2.statusCode, res2.statusMessage, res2.headers['content-length']);
        res2.resume();
        res2.on('end', () => server.close());
      });
    });
  });
});
