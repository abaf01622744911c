// The client's event order: 'socket', 'finish', 'response', res 'data'/'end', req 'close', res 'close'.
const http = require('http');
const { C } = require('./_out');

const server = http.createServer((req, res) => res.end('body'));
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, path: '/order' });
  C('sync: socket', req.socket === null || req.socket === undefined);
  for (const ev of ['socket', 'finish', 'prefinish', 'close']) req.on(ev, () => C('req', ev));
  req.on('response', (res) => {
    C('req response');
    for (const ev of ['data', 'end', 'close']) res.on(ev, () => C('res', ev));
  });
  req.on('close', () => server.close());
  req.end();
  C('sync: end called');
});
