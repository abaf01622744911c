// server.maxRequestsPerSocket = 1 with two pipelined requests: the first is served (Connection: close),
// the second is dropped: 'dropRequest' (req, socket) and a 503 instead of 'request'.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.url);
  res.end('served ' + req.url);
});
server.maxRequestsPerSocket = 1;
server.on('dropRequest', (req, socket) => {
  S('dropRequest', req.url, req.method, req instanceof http.IncomingMessage, socket === req.socket);
});

server.listen(0, '127.0.0.1', () => {
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    socket.end('GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n');
  });
  let got = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { got += d; });
  socket.on('close', () => {
    for (const line of got.split('\r\n')) C(JSON.stringify(line));
    server.close();
  });
});
