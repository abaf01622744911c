// 'clientError' for a headers timeout, answered with socket.end() as in the docs: the client then closes its side
// while the request head is still incomplete, and Node emits 'clientError' again (HPE_INVALID_EOF_STATE).
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer({ headersTimeout: 400, requestTimeout: 800, connectionsCheckingInterval: 50 },
  (req, res) => { S('request', req.url); res.end(); });
server.on('clientError', (err, socket) => {
  S('clientError', err.code, err.message, socket.writable);
  if (socket.writable) socket.end('HTTP/1.1 408 Too Slow\r\nConnection: close\r\n\r\n');
});

server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n');
  });
  let got = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { got += d; });
  socket.on('close', () => {
    C('received', JSON.stringify(got));
    server.close();
  });
});
