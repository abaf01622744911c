// IncomingMessage fields that only make sense on one side: url/method on the server, statusCode/statusMessage on the client.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('server req', req.method, req.url, req.statusCode, req.statusMessage, req.complete, req.aborted,
    'upgrade', req.upgrade);
  S('server socket', req.socket === res.socket, req.socket.remoteAddress, req.socket.localAddress);
  res.writeHead(202, { 'Content-Length': 0 });
  S('writeHead headers in getHeaders', res.getHeaders());
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port, path: '/f' }, (res) => {
    C('client res', res.statusCode, res.statusMessage, res.url, res.method, res.httpVersion,
      'upgrade', res.upgrade);
    res.resume();
    res.on('end', () => {
      C('complete', res.complete);
      server.close();
    });
  });
});
