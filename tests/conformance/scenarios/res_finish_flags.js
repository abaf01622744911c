// res.finished/writableEnded/writableFinished around end(), then 'finish' and 'close'; end(cb).
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('before', res.finished, res.writableEnded, res.writableFinished);
  res.on('finish', () => S('finish', res.finished, res.writableEnded, res.writableFinished));
  res.on('close', () => {
    S('close', res.writableFinished);
    server.close();
  });
  res.end('done', () => S('end callback'));
  S('after end()', res.finished, res.writableEnded);
});
server.listen(0, '127.0.0.1', () => {
  http.get({ host: '127.0.0.1', port: server.address().port }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (d) => C('data', d));
    res.on('end', () => C('end'));
  });
});
