// A response's 'close' comes a tick after its 'finish' (Node's resOnFinish,
// the first 'finish' listener, defers it): after what the handler deferred
// before, before what the user's 'finish' listeners defer, and before the
// request's 'end' and 'close'.  (F) a plain answer; (E) the handler ends the
// response, then destroys the socket.
const http = require('http');
const net = require('net');
const { tag } = require('./_out');

function run(name, next) {
  const S = tag('S' + name);
  const server = http.createServer((req, res) => {
    res.on('finish', () => {
      S('res finish');
      process.nextTick(() => S('tick after finish'));
    });
    res.on('close', () => S('res close', res.destroyed, res.writableFinished));
    req.on('end', () => S('req end'));
    req.on('close', () => S('req close'));
    res.end('x');
    if (name === 'E') req.socket.destroy();
    process.nextTick(() => S('tick after the handler'));
    server.close(next);
  });
  server.on('connection', (socket) => {
    socket.on('close', () => S('socket close'));
  });
  server.listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1', () => {
      c.write('GET /' + name + ' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    c.on('data', () => {});
    c.on('error', () => {});
  });
}

run('F', () => run('E', () => {}));
