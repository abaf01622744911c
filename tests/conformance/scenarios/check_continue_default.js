// No 'checkContinue' listener: the server answers 100 Continue itself, then 'request'.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.headers.expect);
  req.setEncoding('utf8');
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => res.end('echo:' + body));
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'PUT',
    headers: { Expect: '100-continue' } }, (res) => {
    C('response', res.statusCode);
    res.setEncoding('utf8');
    res.on('data', (d) => C('data', d));
    res.on('end', () => server.close());
  });
  req.on('continue', () => {
    C('continue');
    req.end('xyz');
  });
});
