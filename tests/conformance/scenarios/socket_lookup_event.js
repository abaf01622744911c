// A socket connecting to a host name emits 'lookup' (err, address, family,
// host) once the name is resolved, before 'connect'; to an IP address it
// does not.  An http request's socket emits it after the request's
// 'socket' listeners, however long they take; a lookup that fails (later,
// as a resolver does) gives 'lookup' with the error, then the error.
const http = require('http');
const net = require('net');
const { C } = require('./_out');

const server = http.createServer((req, res) => res.end('ok'));

function plain(tag, options, next) {
  const s = net.connect(options);
  s.on('lookup', (err, address, family, host) => C(tag, 'lookup', err, address, family, host));
  s.on('connect', () => { C(tag, 'connect'); s.end(); });
  s.on('close', () => next());
}

function request(port, next) {
  const req = http.get({ port, host: 'localhost', family: 4, agent: false });
  req.on('socket', (sock) => {
    C('request: socket');
    const until = Date.now() + 50;
    while (Date.now() < until);
    sock.on('lookup', (err, address, family, host) => C('request: lookup', err, address, family, host));
    sock.on('connect', () => C('request: connect'));
  });
  req.on('response', (res) => {
    C('request: response', res.statusCode);
    res.resume();
    res.on('end', () => next());
  });
}

function failedLookup(port, next) {
  const lookup = (host, options, cb) => {
    const err = new Error('no such name');
    err.code = 'ENOTFOUND';
    setTimeout(() => cb(err), 20);   // (as a resolver does: later)
  };
  const req = http.get({ port, host: 'example.invalid', lookup, agent: false });
  req.on('socket', (sock) => {
    sock.on('lookup', (err, address, family, host) =>
      C('failed: lookup', err && err.code, address, family, host));
  });
  req.on('error', (err) => C('failed: request error', err.code, err.message));
  req.on('close', () => next());
}

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  plain('name:', { port, host: 'localhost', family: 4 }, () =>
    plain('address:', { port, host: '127.0.0.1' }, () =>
      request(port, () => failedLookup(port, () => server.close()))));
});
