// 'clientError' for a headers timeout whose listener leaves the socket alone: Node goes on parsing
// the same connection, so the late request and the one pipelined after it are both served.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer({ headersTimeout: 400, requestTimeout: 400, connectionsCheckingInterval: 50 },
  (req, res) => { S('request', req.method, req.url, req.complete); res.end('ok ' + req.url); });
server.on('clientError', (err, socket) => {
  S('clientError', err.code, socket.writable, socket.destroyed);
});

server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    socket.write('GET /late HTTP/1.1\r\nHost: x\r\n');
    setTimeout(() => socket.write('\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n'), 900);
    setTimeout(() => socket.end(), 1400);
  });
  let got = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { got += d; });
  socket.on('close', () => {
    C('received', JSON.stringify(got.replace(/Date: [^\r]*\r\n/g, '')));
    server.close();
  });
});
