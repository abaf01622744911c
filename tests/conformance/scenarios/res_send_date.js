// res.sendDate: true by default (a Date header), false leaves it out.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('sendDate', req.url, res.sendDate);
  if (req.url === '/nodate') res.sendDate = false;
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get({ host: '127.0.0.1', port, path: '/date' }, (res) => {
    C('/date has date', 'date' in res.headers);
    res.resume();
    res.on('end', () => {
      http.get({ host: '127.0.0.1', port, path: '/nodate' }, (res2) => {
        C('/nodate has date', 'date' in res2.headers, res2.rawHeaders);
        res2.resume();
        res2.on('end', () => server.close());
      });
    });
  });
});
