// A response's 'prefinish' comes inside end(), before end() returns: the
// message has its socket and holds nothing back (Node's _finish).  Then
// the write callbacks, 'finish', and what end() put on the next tick.
// Both for end(data) as the only write and for end() after write().
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  const tag = req.url;
  res.on('prefinish', () => S(tag, 'prefinish'));
  res.on('finish', () => S(tag, 'finish'));
  if (tag === '/written') res.write('abc', () => S(tag, 'write callback'));
  S(tag, 'before end');
  res.end('def', () => S(tag, 'end callback'));
  S(tag, 'after end');
  process.nextTick(() => S(tag, 'next tick after end'));
});

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get({ port, path: '/only', agent: false }, (res) => {
    res.resume();
    res.on('end', () => {
      C('/only', 'response', res.statusCode);
      http.get({ port, path: '/written', agent: false }, (res2) => {
        res2.resume();
        res2.on('end', () => { C('/written', 'response', res2.statusCode); server.close(); });
      });
    });
  });
});
