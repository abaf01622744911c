// A client response destroyed with an error mid-body: 'aborted' at once,
// then the request's 'error' (its socket's error listener), the
// response's 'error' and 'close', and last the request's 'close' (the
// socket's 'close' comes after the ticks that the error left).
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.writeHead(200);
  res.write('partial');
  S('request', req.url);
});

server.listen(0, '127.0.0.1', () => {
  const req = http.get({ port: server.address().port, agent: false }, (res) => {
    res.on('aborted', () => C('res aborted'));
    res.on('error', (e) => C('res error', e.message));
    res.on('close', () => C('res close'));
    res.on('end', () => C('res end'));
    res.once('data', (d) => {
      C('data', d.toString());
      res.destroy(new Error('boom'));
      C('after destroy');
    });
  });
  req.on('error', (e) => C('req error', e.message));
  req.on('close', () => {
    C('req close');
    server.closeAllConnections();
    server.close();
  });
});
