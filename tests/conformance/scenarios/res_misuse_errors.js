// Misuse on a response throws Node's coded errors: headers sent, invalid status, invalid header name/value.
const http = require('http');
const { S, C } = require('./_out');

function attempt(label, fn) {
  try {
    fn();
    S(label, 'ok');
  } catch (err) {
    S(label, err.name, err.code, err.message);
  }
}
const server = http.createServer((req, res) => {
  attempt('writeHead 1000', () => res.writeHead(1000));
  attempt('writeHead 99', () => res.writeHead(99));
  attempt('setHeader bad name', () => res.setHeader('bad name', 'x'));
  attempt('setHeader bad value', () => res.setHeader('x-ok', 'a\r\nb'));
  attempt('setHeader undefined', () => res.setHeader('x-ok', undefined));
  attempt('setHeader chain', () => { if (res.setHeader('x-chain', '1') !== res) throw new Error('not chainable'); });
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  attempt('setHeader after writeHead', () => res.setHeader('x-late', '1'));
  attempt('removeHeader after writeHead', () => res.removeHeader('content-type'));
  attempt('writeHead twice', () => res.writeHead(201));
  res.end('fine');
  attempt('write after end', () => res.write('more', (err) => S('write cb', err && err.code)));
  res.on('error', (err) => S('res error event', err.code, err.message));
});
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port }, (res) => {
    C('status', res.statusCode, res.headers['x-chain'], res.headers['x-late']);
    res.setEncoding('utf8');
    res.on('data', (d) => C('data', d));
    res.on('end', () => server.close());
  });
});
