// 'clientError' (err.code, bytesParsed, rawPacket) with the docs' handler: answer 400 and end the socket.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => S('request (must not fire)'));
server.on('clientError', (err, socket) => {
  S('clientError', err.code, err.message, err.bytesParsed, err.rawPacket);
  if (err.code === 'ECONNRESET' || !socket.writable) return;
  socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
});
server.listen(0, '127.0.0.1', () => {
  const sock = net.connect(server.address().port, '127.0.0.1', () => {
    sock.write('GET / HTTP/1.1\r\nBad Header: x\r\n\r\n');
  });
  const got = [];
  sock.on('data', (d) => got.push(d));
  sock.on('end', () => C('client got', Buffer.concat(got)));
  sock.on('close', () => {
    C('close');
    server.close();
  });
});
