// Reading a request body by iteration (for await ... of req in Node, for chunk in req in Python).
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  S('body', Buffer.concat(chunks), req.complete);
  res.end('len=' + Buffer.concat(chunks).length);
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST' }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (d) => C('response', d));
    res.on('end', () => server.close());
  });
  req.write('a'.repeat(5));
  req.end('b'.repeat(5));
});
