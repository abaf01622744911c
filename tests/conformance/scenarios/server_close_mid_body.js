// The server drops the connection mid-body: client res 'aborted', 'error' ECONNRESET 'aborted', 'close'.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Length': 100 });
  res.write('only part', () => {
    S('destroying socket');
    res.socket.destroy();
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.get({ host: '127.0.0.1', port: server.address().port }, (res) => {
    C('response', res.statusCode, res.headers['content-length']);
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { body += d; });
    res.on('aborted', () => C('res aborted', body));
    res.on('error', (err) => C('res error', err.code, err.message));
    res.on('end', () => C('res end (must not fire)'));
    res.on('close', () => {
      C('res close', res.complete, body);
      server.close();
    });
  });
  req.on('error', (err) => C('req error', err.code, err.message));
});
