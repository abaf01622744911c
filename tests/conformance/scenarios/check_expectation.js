// 'checkExpectation' for an Expect other than 100-continue; without a listener the server sends 417.
const http = require('http');
const { S, C } = require('./_out');

function run(withListener, next) {
  const server = http.createServer((req, res) => S('request event (must not fire)'));
  if (withListener) {
    server.on('checkExpectation', (req, res) => {
      S('checkExpectation', req.headers.expect);
      res.writeHead(402, { 'X-Why': 'custom' });
      res.end('pay');
    });
  }
  server.listen(0, '127.0.0.1', () => {
    http.get({ host: '127.0.0.1', port: server.address().port, headers: { Expect: 'something-else' } }, (res) => {
      C(withListener ? 'listener' : 'default', res.statusCode, res.statusMessage, res.headers['x-why']);
      res.setEncoding('utf8');
      let b = '';
      res.on('data', (d) => { b += d; });
      res.on('end', () => {
        C('body', JSON.stringify(b));
        server.close(next);
      });
    });
  });
}
run(true, () => run(false, () => C('done')));
