// res.appendHeader() adds values (arrays too) without replacing; getHeader shows the list.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.setHeader('X-Multi', 'a');
  res.appendHeader('X-Multi', 'b');
  res.appendHeader('x-multi', ['c', 'd']);
  res.appendHeader('X-New', 'n');
  S('getHeader', res.getHeader('x-multi'), res.getHeader('x-new'));
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port }, (res) => {
    C('x-multi', res.headers['x-multi'], res.headers['x-new']);
    C('raw', res.rawHeaders.filter((v, i, a) => a[i - (i % 2)].toLowerCase().startsWith('x-')));
    res.resume();
    res.on('end', () => server.close());
  });
});
