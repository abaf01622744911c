// The docs' 'upgrade' example, both sides: server 'upgrade' (req, socket, head), client 'upgrade' (res, socket, head).
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => res.end('okay'));
server.on('upgrade', (req, socket, head) => {
  S('upgrade', req.method, req.headers.upgrade, req.headers.connection, head);
  socket.write('HTTP/1.1 101 Web Socket Protocol Handshake\r\n' +
               'Upgrade: WebSocket\r\n' +
               'Connection: Upgrade\r\n' +
               '\r\n');
  socket.pipe(socket); // echo back
  socket.on('end', () => S('socket end'));
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({
    port: server.address().port,
    host: '127.0.0.1',
    headers: { 'Connection': 'Upgrade', 'Upgrade': 'websocket' },
  });
  req.end();
  req.on('response', () => C('response (must not fire)'));
  req.on('upgrade', (res, socket, upgradeHead) => {
    C('got upgraded!', res.statusCode, res.statusMessage, res.headers, upgradeHead);
    socket.write('echo me');
    socket.once('data', (data) => {
      C('data', data);
      socket.end();
      server.close();
    });
  });
});
