// The client goes away mid-request-body: server req 'aborted', 'error' ECONNRESET 'aborted', 'close'; res 'close'.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.headers['content-length']);
  let got = '';
  req.setEncoding('utf8');
  req.on('data', (d) => {
    got += d;
    S('data', d);
    res.writeHead(200);
    res.flushHeaders(); // tell the client to go away
  });
  req.on('aborted', () => S('req aborted', req.aborted));
  req.on('error', (err) => S('req error', err.code, err.message));
  req.on('end', () => S('req end (must not fire)'));
  req.on('close', () => S('req close', req.complete, got));
  res.on('close', () => {
    S('res close', res.writableEnded);
    server.close();
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST',
    headers: { 'Content-Length': 50 } });
  req.on('error', (err) => C('req error', err.code, err.message));
  req.on('response', (res) => {
    C('response', res.statusCode);
    res.on('error', (err) => C('res error', err.code, err.message));
    req.destroy();
    C('client destroyed');
  });
  req.on('close', () => C('req close'));
  req.write('partial');
});
