// The server's 'request': method, url, httpVersion, headers, rawHeaders; the client's view of the response.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.method, req.url, req.httpVersion, req.httpVersionMajor, req.httpVersionMinor);
  S('headers', req.headers);
  S('rawHeaders', req.rawHeaders);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Custom': 'yes' });
  res.end('okay');
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const req = http.request({ host: '127.0.0.1', port, path: '/a/b?c=d', headers: { 'X-Foo': 'bar' } }, (res) => {
    C('status', res.statusCode, res.statusMessage, res.httpVersion);
    C('headers', res.headers);
    C('rawHeaders', res.rawHeaders);
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => { body += chunk; });
    res.on('end', () => {
      C('body', body);
      server.close();
    });
  });
  req.end();
});
