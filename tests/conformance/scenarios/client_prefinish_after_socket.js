// A request ended before it has its socket emits 'prefinish' right after
// 'socket', in the same tick (Node's onSocketNT flushes the request after
// tickOnSocket, and a finished one is _finish()ed: 'prefinish').  Ended
// inside a 'socket' listener, the socket is already attached: 'prefinish'
// comes inside end(), and once more after the listeners.  The write
// callbacks, 'finish' and 'response' follow on the socket's side (M).
const http = require('http');
const { C, M } = require('./_out');

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end(req.url));
});

function track(req, tag, onSocket) {
  req.on('socket', () => {
    C(tag, 'socket');
    process.nextTick(() => C(tag, 'next tick after socket'));
    if (onSocket) onSocket();
  });
  req.on('prefinish', () => C(tag, 'prefinish'));
  req.on('finish', () => M(tag, 'finish'));
}

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const req = http.request({ port, host: '127.0.0.1', path: '/before', agent: false });
  track(req, '/before');
  req.on('response', (res) => {
    M('/before', 'response', res.statusCode);
    res.resume();
    res.on('end', () => {
      const req2 = http.request({ port, host: '127.0.0.1', path: '/in-socket', method: 'POST',
                                  agent: false });
      track(req2, '/in-socket', () => {
        req2.write('abc', () => M('/in-socket', 'write callback'));
        C('/in-socket', 'before end');
        req2.end(() => M('/in-socket', 'end callback'));
        C('/in-socket', 'after end');
      });
      req2.on('response', (res2) => {
        M('/in-socket', 'response', res2.statusCode);
        res2.resume();
        res2.on('end', () => server.close());
      });
    });
  });
  req.end(() => M('/before', 'end callback'));
  C('/before', 'after end');
});
