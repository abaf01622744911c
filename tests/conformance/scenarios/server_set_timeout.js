// server.setTimeout(ms, cb): an idle connection times out; the callback gets the socket and destroys it.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => res.end());
const ret = server.setTimeout(150, (socket) => {
  S('timeout', typeof socket.destroy, server.timeout);
  socket.destroy();
});
S('setTimeout returns server', ret === server, server.timeout);
server.listen(0, '127.0.0.1', () => {
  const sock = net.connect(server.address().port, '127.0.0.1', () => C('connected'));
  sock.on('data', (d) => C('data', d));
  sock.on('end', () => C('end'));
  sock.on('close', (hadError) => {
    C('close', hadError);
    server.close();
  });
});
