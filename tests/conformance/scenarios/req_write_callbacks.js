// Client req.write(chunk, cb) / req.end(chunk, cb) callbacks, 'finish', 'response', 'close' in order.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    S('body', body, req.headers['transfer-encoding']);
    res.end('ok');
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST' });
  C('write returns', req.write('one,', (err) => C('write cb', err)));
  C('headersSent', req.headersSent, req.writableEnded);
  req.end('two', () => C('end cb'));
  C('after end', req.writableEnded, req.writableFinished, req.finished);
  req.on('finish', () => C('finish', req.writableFinished));
  req.on('response', (res) => {
    C('response', res.statusCode);
    res.resume();
    res.on('end', () => C('res end'));
  });
  req.on('close', () => {
    C('req close');
    server.close();
  });
});
