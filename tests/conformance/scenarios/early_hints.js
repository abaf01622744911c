// res.writeEarlyHints() -> client 'information' (103, headers), then the final response.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.writeEarlyHints({ link: '</styles.css>; rel=preload; as=style', 'x-trace-id': 'id for diagnostics' }, () => S('early hints written'));
  S('headersSent after hints', res.headersSent);
  res.writeProcessing();
  res.end('final');
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port });
  req.on('information', (info) => {
    C('information', info.statusCode, info.statusMessage, info.httpVersion, info.headers, info.rawHeaders);
  });
  req.on('response', (res) => {
    C('response', res.statusCode);
    res.setEncoding('utf8');
    res.on('data', (d) => C('data', d));
    res.on('end', () => server.close());
  });
  req.end();
});
