// The client ends its side while a response is pending; the order of the
// exchange's events, with what the listeners defer (nextTick): the socket's
// 'end', then its 'close' (the request is aborted first), the response's
// 'close' at the place it got among the socket's 'close' listeners, then the
// request's 'error' and 'close'.  (A) a bodiless request; (B) the handler adds
// socket 'close' listeners, one prepended; (P) a body cut short (a 400 goes out).
// (K) for contrast, a request with Connection: close, answered at once; (D) one
// answered at once by a handler that then closes the server, which destroys the
// connection (idle now): the request still ends before the socket's 'close'.
const http = require('http');
const net = require('net');
const { tag } = require('./_out');

function run(name, next) {
  const S = tag('S' + name);
  const C = tag('C' + name);
  const server = http.createServer((req, res) => {
    S('request', req.url);
    req.on('aborted', () => S('req aborted', req.aborted));
    req.on('error', (e) => S('req error', e.code, e.message));
    req.on('end', () => S('req end'));
    req.on('close', () => S('req close'));
    res.on('finish', () => S('res finish'));
    res.on('close', () => S('res close', res.destroyed, res.writableEnded));
    if (name === 'B') {
      req.socket.on('close', () => S('handler socket close'));
      req.socket.prependListener('close', () => S('handler socket close, prepended'));
    }
    if (name === 'K' || name === 'D') {
      res.end('x');
      if (name === 'D') server.close(next);
      return;
    }
    setTimeout(() => {
      S('answer: writable', res.writable, 'destroyed', res.destroyed);
      res.end('x');
      server.close(next);
    }, 150);
  });
  server.on('connection', (socket) => {
    socket.on('end', () => {
      S('socket end', socket.readyState);
      process.nextTick(() => S('tick after socket end'));
    });
    socket.on('close', () => {
      S('socket close', socket.readyState);
      process.nextTick(() => S('tick after socket close'));
      if (name === 'K') server.close(next);
    });
    socket.on('close', () => S('socket close, second listener'));
  });
  server.listen(0, '127.0.0.1', () => {
    const c = net.connect(server.address().port, '127.0.0.1', () => {
      if (name === 'D') c.write('GET /D HTTP/1.1\r\nHost: x\r\n\r\n');
      else if (name === 'K') c.write('GET /K HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      else if (name === 'P') c.end('POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
      else c.end('GET /' + name + ' HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    let got = '';
    c.on('data', (d) => { got += d.toString('latin1'); });
    c.on('end', () => C('client got', got.split('\r\n')[0]));
    c.on('error', () => {});
  });
}

run('A', () => run('B', () => run('P', () => run('K', () => run('D', () => {})))));
