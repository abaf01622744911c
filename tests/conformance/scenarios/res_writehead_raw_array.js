// writeHead with a flat [name, value, ...] array and with setHeader values merged; keepAliveTimeout in the Keep-Alive header.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.setHeader('X-Set', 'from setHeader');
  if (req.url === '/array') {
    res.writeHead(200, ['X-Raw', 'one', 'X-Raw', 'two', 'Content-Type', 'text/plain']);
  } else {
    res.writeHead(200, { 'X-Obj': 'obj', 'x-set': 'overridden' });
  }
  S(req.url, res.getHeader('x-set'));
  res.end('k');
});
server.keepAliveTimeout = 2000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get({ host: '127.0.0.1', port, path: '/array', agent }, (res) => {
    C('/array', res.rawHeaders.filter((v, i, a) => a[i - (i % 2)] !== 'Date'));
    res.resume();
    res.on('end', () => {
      http.get({ host: '127.0.0.1', port, path: '/obj', agent }, (res2) => {
        C('/obj', res2.rawHeaders.filter((v, i, a) => a[i - (i % 2)] !== 'Date'));
        res2.resume();
        res2.on('end', () => {
          agent.destroy();
          server.close();
        });
      });
    });
  });
});
