// A server answering garbage: the client request's 'error' carries the parser's HPE_* code; then 'close'.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = net.createServer((socket) => {
  socket.once('data', (d) => {
    S('got request line', d.toString('latin1').split('\r\n')[0]);
    socket.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nBad Header: x\r\n\r\nabc');
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.get({ host: '127.0.0.1', port: server.address().port, path: '/garbage' }, () => C('response (must not fire)'));
  req.on('error', (err) => C('error', err.code, err.message, err.bytesParsed, err.reason));
  req.on('close', () => {
    C('close');
    server.close();
  });
});
