// res.write() without a length: chunked transfer-coding; write() returns true; the body arrives whole.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('write1', res.write('hello '));
  S('write2', res.write(Buffer.from('big ')));
  S('headersSent', res.headersSent);
  res.end('world');
});
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port }, (res) => {
    C('te', res.headers['transfer-encoding'], res.headers['content-length']);
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      C('body', Buffer.concat(chunks));
      server.close();
    });
  });
});
