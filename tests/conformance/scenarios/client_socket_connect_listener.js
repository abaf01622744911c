// A 'connect' listener attached to the request's socket in a 'socket'
// listener runs, however long the 'socket' listeners take: 'socket' is a
// tick and 'connect' is I/O, so 'connect' always comes after it.  Ended in
// that 'connect' listener, the request has its socket: 'prefinish' comes
// inside end(); the write callbacks, 'finish' and 'response' follow (M).
// For the agent's own socket (/default) and for one from a createConnection
// of the user's (/custom).
const http = require('http');
const net = require('net');
const { C, M } = require('./_out');

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('ok'));
});

class MyAgent extends http.Agent {
  createConnection(options) {
    return net.createConnection({ port: options.port, host: options.host });
  }
}

function run(tag, agent, next) {
  const port = server.address().port;
  const req = http.request({ port, host: '127.0.0.1', method: 'POST', agent });
  req.on('socket', () => {
    C(tag, 'socket: first listener, 50 ms');
    const until = Date.now() + 50;
    while (Date.now() < until);
  });
  req.on('socket', (sock) => {
    C(tag, 'socket: second listener');
    sock.on('connect', () => {
      C(tag, 'socket connect');
      req.write('abc', () => M(tag, 'write callback'));
      C(tag, 'before end');
      req.end(() => M(tag, 'end callback'));
      C(tag, 'after end');
    });
  });
  req.on('prefinish', () => C(tag, 'prefinish'));
  req.on('finish', () => M(tag, 'finish'));
  req.on('response', (res) => {
    M(tag, 'response', res.statusCode);
    res.resume();
    res.on('end', next);
  });
}

server.listen(0, '127.0.0.1', () => {
  run('/default', false, () => run('/custom', new MyAgent(), () => server.close()));
});
