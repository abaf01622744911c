// A socket timeout set during a request (res.setTimeout, or the server's
// own) gives way to keepAliveTimeout once the response is done, as Node's
// resOnFinish does: a connection idle for longer than that timeout, but not
// for keepAliveTimeout, is still there for its next request; the server's
// timeout is back for that request.
const http = require('http');
const net = require('net');
const { S, C, later } = require('./_out');

let n = 0;
const server = http.createServer((req, res) => {
  n += 1;
  S('request', n, req.url, 'socket timeout', req.socket.timeout);
  if (n === 1) {
    res.on('timeout', () => S('res timeout'));
    res.setTimeout(100);
  }
  res.end('ok');
});
server.setTimeout(150, () => S('server timeout'));

server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1');
  let got = '';
  c.on('data', (d) => { got += d.toString('latin1'); });
  c.on('close', () => {
    C('responses', got.split('HTTP/1.1 200 OK').length - 1);
    server.close();
  });
  c.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\n');
  later(() => later(() => {
    C('sending the second request');
    c.write('GET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
    later(() => later(() => later(() => c.end())));
  }));
});
