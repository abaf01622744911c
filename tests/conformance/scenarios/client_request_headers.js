// ClientRequest header API: setHeader/getHeader/getHeaderNames/getRawHeaderNames/hasHeader/removeHeader; path, method, host.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('rawHeaders', req.rawHeaders.filter((v, i, a) => a[i - (i % 2)] !== 'Host'));
  S('url', req.method, req.url);
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'PATCH', path: '/p?q=1',
    headers: { 'X-Initial': 'i' } });
  req.setHeader('X-Foo', 'bar');
  req.setHeader('x-list', ['a', 'b']);
  req.setHeader('X-Gone', '1');
  req.removeHeader('x-gone');
  C('getHeader', req.getHeader('x-foo'), req.getHeader('X-LIST'), req.getHeader('x-gone'));
  C('hasHeader', req.hasHeader('X-Initial'), req.hasHeader('x-gone'));
  C('getHeaderNames', req.getHeaderNames());
  C('getRawHeaderNames', req.getRawHeaderNames());
  C('getHeaders', req.getHeaders());
  C('props', req.path, req.method, req.host, req.protocol);
  req.end();
  req.on('response', (res) => {
    C('response', res.statusCode);
    res.resume();
    res.on('end', () => server.close());
  });
});
