// 'checkContinue' on the server, 'continue' on the client (Expect: 100-continue).
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => S('request event (must not fire)'));
server.on('checkContinue', (req, res) => {
  S('checkContinue', req.headers.expect);
  res.writeContinue();
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    S('body', body);
    res.end('thanks');
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST',
    headers: { Expect: '100-continue' } });
  req.on('continue', () => {
    C('continue');
    req.end('the body');
  });
  req.on('information', (info) => C('information', info.statusCode));
  req.on('response', (res) => {
    C('response', res.statusCode);
    res.setEncoding('utf8');
    res.on('data', (d) => C('data', d));
    res.on('end', () => server.close());
  });
});
