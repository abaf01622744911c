// server.headersTimeout / server.requestTimeout: a request whose head (or body) is not complete in time gets
// 408 and the connection is closed; with a 'clientError' listener it gets ERR_HTTP_REQUEST_TIMEOUT instead.
const http = require('http');
const net = require('net');
const { S, tag } = require('./_out');

const server = http.createServer({ headersTimeout: 400, requestTimeout: 800, connectionsCheckingInterval: 50 },
  (req, res) => {
    S('request', req.url);
    req.resume();
    req.on('end', () => res.end('late'));
  });
S('headersTimeout', server.headersTimeout, 'requestTimeout', server.requestTimeout);

function raw(name, chunks, next) {
  const C = tag('C ' + name);
  const socket = net.connect(server.address().port, '127.0.0.1', () => {
    for (const c of chunks) socket.write(c);
  });
  let got = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { got += d; });
  socket.on('error', (err) => C('error', err.code));
  socket.on('close', () => {
    C('received', JSON.stringify(got));
    next();
  });
}

server.listen(0, '127.0.0.1', () => {
  let pending = 2;
  const done = () => {
    if (--pending) return;
    server.on('clientError', (err, socket) => {
      S('clientError', err.code, err.message);
      socket.destroy();
    });
    raw('with clientError', ['GET /listener HTTP/1.1\r\nHost: x\r\n'], () => server.close());
  };
  raw('head', ['GET /head HTTP/1.1\r\nHost: x\r\n'], done);
  raw('body', ['POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'], done);
});
