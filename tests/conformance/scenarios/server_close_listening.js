// server.close() stops listening at once: address() is null, a connect is
// refused and the port can be bound again before 'close'; with no connection
// left, 'close' comes on the next tick (its listeners in order, the callback
// among them). A server closed before its 'listening' never emits it.
const http = require('http');
const net = require('net');
const { S } = require('./_out');

const server = http.createServer();
server.on('close', () => S('close event'));
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  server.close(() => S('close callback'));
  process.nextTick(() => S('tick after close'));
  S('after close: address', server.address(), 'listening', server.listening);

  const early = http.createServer();
  early.on('listening', () => S('early listening'));
  early.on('close', () => S('early close'));
  early.listen(0, '127.0.0.1');
  early.close();

  const c = net.connect(port, '127.0.0.1');
  c.on('connect', () => { S('connected'); c.destroy(); });
  c.on('error', (err) => {
    S('connect error', err.code);
    const again = http.createServer();
    again.on('error', (e) => S('listen again error', e.code));
    again.listen(port, '127.0.0.1', () => {
      S('listening again on the same port', again.address().port === port);
      again.close();
    });
  });
});
