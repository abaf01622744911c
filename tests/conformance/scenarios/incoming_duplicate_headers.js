// Duplicate incoming headers: joined with ', ', set-cookie kept as a list, singletons keep the first; rawHeaders as sent.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('headers', req.headers);
  S('rawHeaders', req.rawHeaders);
  S('headersDistinct', req.headersDistinct);
  res.setHeader('Set-Cookie', ['a=1', 'b=2']);
  res.setHeader('X-List', ['one', 'two']);
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  const sock = net.connect(server.address().port, '127.0.0.1', () => {
    sock.write('GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a: 2\r\nUser-Agent: first\r\nUser-Agent: second\r\n' +
               'Cookie: c=1\r\nCookie: d=2\r\nSet-Cookie: s=1\r\nSet-Cookie: t=2\r\nAccept: a\r\nAccept: b\r\n' +
               'Content-Type: text/a\r\nContent-Type: text/b\r\nConnection: close\r\n\r\n');
  });
  const got = [];
  sock.on('data', (d) => got.push(d));
  sock.on('close', () => {
    const text = Buffer.concat(got).toString('latin1').split('\r\n').filter((l) => !l.startsWith('Date:'));
    C('response', text);
    server.close();
  });
});
