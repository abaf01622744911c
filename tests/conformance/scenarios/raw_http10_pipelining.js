// Wire level: an HTTP/1.0 request gets a close-delimited answer; two pipelined HTTP/1.1 requests are answered in order.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.httpVersion, req.url, req.headers.connection);
  if (req.url === '/chunky') {
    res.write('a');
    res.end('b');
  } else {
    res.end('body of ' + req.url);
  }
});
function raw(label, text, next) {
  const sock = net.connect(server.address().port, '127.0.0.1', () => sock.write(text));
  const got = [];
  sock.on('data', (d) => got.push(d));
  sock.on('close', () => {
    C(label, Buffer.concat(got).toString('latin1').split('\r\n').filter((l) => !l.startsWith('Date:')));
    next();
  });
}
server.listen(0, '127.0.0.1', () => {
  raw('http/1.0', 'GET /chunky HTTP/1.0\r\n\r\n', () => {
    raw('pipelined', 'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', () => {
      server.close();
    });
  });
});
