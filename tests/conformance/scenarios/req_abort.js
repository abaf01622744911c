// request.abort() (deprecated, still documented): 'abort' once, request.aborted; before the response it is
// followed by 'error' ECONNRESET 'socket hang up' and 'close'; after it, the response gets 'aborted', 'error', 'close'.
const http = require('http');
const { S, tag, later } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.url);
  res.on('close', () => {
    S(req.url, 'res close');
    if (req.url === '/before') after(server.address().port);   // the server is done with /before
  });
  if (req.url === '/before') {
    res.writeProcessing();   // a 102: the client aborts when it sees it
  } else {
    res.write('part');   // the response begins, never ends
  }
});

function track(name, req) {
  const C = tag('C ' + name);
  for (const ev of ['abort', 'close', 'error']) {
    req.on(ev, (err) => C('req', ev, ev === 'error' ? err : '', 'aborted', req.aborted, 'destroyed', req.destroyed));
  }
  return C;
}

function after(port) {
  const req = http.get({ host: '127.0.0.1', port, path: '/after' }, (res) => {
    const C = tag('C after');
    res.on('aborted', () => C('res aborted'));
    res.on('error', (err) => C('res error', err));
    res.on('close', () => {
      C('res close', res.aborted);
      later(() => server.close());
    });
    res.once('data', (d) => {
      C('res data', d.toString());
      req.abort();
    });
  });
  track('after', req);
}

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const before = http.get({ host: '127.0.0.1', port, path: '/before' });
  const C = track('before', before);
  C('aborted before abort()', before.aborted);
  before.on('information', (info) => {
    C('information', info.statusCode);
    before.abort();
    C('after abort()', before.aborted, before.destroyed);
    before.abort();   // a second call does nothing
  });
});
