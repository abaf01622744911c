// No 'clientError' listener: the server answers 400 (bad request) / 431 (header overflow) and closes.
const http = require('http');
const net = require('net');
const { C } = require('./_out');

const server = http.createServer({ maxHeaderSize: 1024 }, (req, res) => C('request (must not fire)'));

function send(label, bytes, next) {
  const sock = net.connect(server.address().port, '127.0.0.1', () => sock.write(bytes));
  const got = [];
  sock.on('data', (d) => got.push(d));
  sock.on('close', () => {
    C(label, Buffer.concat(got));
    next();
  });
}
server.listen(0, '127.0.0.1', () => {
  send('bad method', 'G@T / HTTP/1.1\r\n\r\n', () => {
    send('overflow', 'GET / HTTP/1.1\r\nX-Big: ' + 'a'.repeat(2000) + '\r\n\r\n', () => server.close());
  });
});
