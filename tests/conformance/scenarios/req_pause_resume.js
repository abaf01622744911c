// req.pause()/isPaused()/resume(): no 'data' while paused; the body flows after resume().
// The resume comes from the response's 'timeout' (the connection idles while paused).
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  let got = '';
  req.pause();
  S('isPaused', req.isPaused());
  req.on('data', (c) => { got += c; });
  S('paused after on(data)', req.isPaused());
  res.setTimeout(100, () => {
    res.setTimeout(0);
    S('got while paused', JSON.stringify(got));
    req.resume();
    S('isPaused after resume', req.isPaused());
    req.on('end', () => {
      S('body', got);
      res.end('ok');
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST' }, (res) => {
    C('status', res.statusCode);
    res.resume();
    res.on('end', () => server.close());
  });
  req.end('paused body');
});
