// HEAD, 204 and 304 on the client: no body is read even when a Content-Length is announced.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.method, req.url);
  if (req.url === '/head') {
    res.writeHead(200, { 'Content-Length': 11, 'Content-Type': 'text/plain' });
    res.end(req.method === 'HEAD' ? undefined : 'hello world');
  } else if (req.url === '/204') {
    res.writeHead(204);
    res.end();
  } else {
    res.writeHead(304, { ETag: '"abc"' });
    res.end();
  }
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function go(method, path, next) {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method, path, agent }, (res) => {
    C(method, path, res.statusCode, res.headers['content-length'], res.headers['transfer-encoding'], res.headers.etag);
    let n = 0;
    res.on('data', (d) => { n += d.length; });
    res.on('end', () => {
      C('end', path, n, req.reusedSocket);
      next();
    });
  });
  req.end();
}
server.listen(0, '127.0.0.1', () => {
  go('HEAD', '/head', () => go('GET', '/204', () => go('GET', '/304', () => go('GET', '/head', () => {
    agent.destroy();
    server.close();
  }))));
});
