// A handler reads the body by iterating the request; the client sends part of
// it, then ends its side: the 400 goes out, the socket's 'end', the request is
// aborted, the socket's 'close', the response's 'close', the request's 'error'
// and 'close' -- and only then does the handler's loop throw.
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const server = http.createServer(async (req, res) => {
  S('request');
  req.on('aborted', () => S('req aborted'));
  req.on('error', (e) => S('req error', e.code));
  req.on('close', () => S('req close'));
  res.on('close', () => S('res close', res.destroyed));
  try {
    for await (const chunk of req) S('chunk', chunk.toString());
    S('loop done (must not happen)');
  } catch (e) {
    S('iteration threw', e.code, e.message);
  }
  process.nextTick(() => S('tick after the loop'));
  server.close();
});
server.on('connection', (socket) => {
  socket.on('end', () => S('socket end'));
  socket.on('close', () => S('socket close'));
});
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
    setTimeout(() => c.end(), 100);
  });
  let got = '';
  c.on('data', (d) => { got += d.toString('latin1'); });
  c.on('end', () => C('got', got.split('\r\n')[0]));
  c.on('error', () => {});
});
