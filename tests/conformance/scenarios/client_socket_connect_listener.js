// A 'connect' listener attached to the request's socket in a 'socket'
// listener runs, however long the 'socket' listeners take: 'socket' is a
// tick and 'connect' is I/O, so 'connect' always comes after it.  Ended in
// that 'connect' listener, the request has its socket: 'prefinish' comes
// inside end(); the write callbacks, 'finish' and 'response' follow (M).
const http = require('http');
const { C, M } = require('./_out');

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
});

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent: false });
  req.on('socket', () => {
    C('socket: first listener, 50 ms');
    const until = Date.now() + 50;
    while (Date.now() < until);
  });
  req.on('socket', (sock) => {
    C('socket: second listener');
    sock.on('connect', () => {
      C('socket connect');
      req.write('abc', () => M('write callback'));
      C('before end');
      req.end(() => M('end callback'));
      C('after end');
    });
  });
  req.on('prefinish', () => C('prefinish'));
  req.on('finish', () => M('finish'));
  req.on('response', (res) => {
    M('response', res.statusCode);
    res.resume();
    res.on('end', () => server.close());
  });
});
