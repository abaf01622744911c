// req.destroy() inside 'response'.  When the whole body came in the same
// packet as the head, Node's parser had read it all: the response is
// complete and ends (dumped: no 'data'), nothing is aborted.  When the
// body comes later, the response is aborted.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.url);
  if (req.url === '/whole') {
    res.end('whole body');
  } else {
    res.writeHead(200, { 'Content-Length': '10' });
    res.write('part');     // the rest never comes
  }
});

function get(path, next) {
  const req = http.get({ port: server.address().port, path, agent: false }, (res) => {
    C(path, 'response');
    res.on('aborted', () => C(path, 'res aborted'));
    res.on('error', (e) => C(path, 'res error', e.code));
    res.on('data', (d) => C(path, 'data', d.toString()));
    res.on('end', () => C(path, 'res end'));
    res.on('close', () => C(path, 'res close, complete', res.complete));
    req.destroy();
    C(path, 'after destroy');
  });
  req.on('error', (e) => C(path, 'req error', e.code));
  req.on('close', () => { C(path, 'req close'); setTimeout(next, 50); });
}

server.listen(0, '127.0.0.1', () => {
  get('/whole', () => get('/split', () => { server.closeAllConnections(); server.close(); }));
});
