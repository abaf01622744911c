// Server-side request body: 'data' (Buffers), 'end', then req 'close'; readableEnded/complete.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  const chunks = [];
  S('complete at start', req.complete);
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    S('end', Buffer.concat(chunks), Buffer.isBuffer(chunks[0]), req.complete, req.readableEnded);
    res.end('got ' + Buffer.concat(chunks).length);
  });
  req.on('close', () => {
    S('req close');
    server.close();
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST',
    headers: { 'Content-Length': 11 } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (d) => C('response body', d));
  });
  req.write('hello ');
  req.end('world');
});
