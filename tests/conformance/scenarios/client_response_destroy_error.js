// A client response destroyed mid-body.  With an error: 'aborted' at once,
// then the request's 'error' (its socket's error listener), the
// response's 'error' and 'close', and last the request's 'close' (the
// socket's 'close' comes after the ticks that the error left).  Without
// one: 'aborted', the response's 'close', then the request's.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.writeHead(200);
  res.write('partial');
  S('request', req.url);
});

function get(path, err, next) {
  const req = http.get({ port: server.address().port, path, agent: false }, (res) => {
    res.on('aborted', () => C(path, 'res aborted'));
    res.on('error', (e) => C(path, 'res error', e.message));
    res.on('close', () => C(path, 'res close'));
    res.on('end', () => C(path, 'res end'));
    res.once('data', (d) => {
      C(path, 'data', d.toString());
      res.destroy(err);
      C(path, 'after destroy');
    });
  });
  req.on('error', (e) => C(path, 'req error', e.message));
  req.on('close', () => {
    C(path, 'req close');
    next();
  });
}

server.listen(0, '127.0.0.1', () => {
  get('/error', new Error('boom'), () => get('/plain', undefined, () => {
    server.closeAllConnections();
    server.close();
  }));
});
