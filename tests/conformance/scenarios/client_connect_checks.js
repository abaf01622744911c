// http.request() with a port out of range throws at once (ERR_SOCKET_BAD_PORT),
// as with a localAddress that is no IP, an auth that is no string, a negative
// maxHeaderSize (headers that are no object are ignored);
// the lookup option may call back later, with an address or an error, or
// never: the request's destroy() ends the wait.
const http = require('http');
const { C } = require('./_out');

for (const port of [-1, 70000, 'abc']) {
  try {
    http.request({ host: '127.0.0.1', port });
    C(port, 'no throw');
  } catch (e) {
    C(port, 'throws', e);
  }
}

const bad = [
  ['localAddress', { localAddress: 'zz' }], ['auth', { auth: 5 }],
  ['maxHeaderSize', { maxHeaderSize: -1 }], ['headers', { headers: 'x' }],
];
for (const [name, extra] of bad) {
  try {
    const req = http.request({ host: '127.0.0.1', port: 9, ...extra });
    req.on('error', () => {});
    req.destroy();
    C(name, 'no throw');
  } catch (e) {
    C(name, 'throws', e);
  }
}

const server = http.createServer((req, res) => res.end('ok'));
const answer = (o, cb) => (o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4));
const notFound = (h) => { const e = new Error('getaddrinfo ENOTFOUND ' + h); e.code = 'ENOTFOUND'; return e; };
const cases = [
  ['later, an address', (h, o, cb) => setTimeout(() => answer(o, cb), 20)],
  ['later, an error', (h, o, cb) => setTimeout(() => cb(notFound(h)), 20)],
  ['never, the request destroyed', () => {}],
];

function next(i) {
  if (i === cases.length) {
    server.close();
    return;
  }
  const [name, lookup] = cases[i];
  const req = http.request({ host: 'nowhere.invalid', port: server.address().port, agent: false, lookup });
  req.on('response', (res) => { C(name, 'response', res.statusCode); res.resume(); });
  req.on('error', (e) => C(name, 'error', e.code));
  req.on('close', () => { C(name, 'close'); next(i + 1); });
  req.end();
  if (i === 2) setTimeout(() => req.destroy(), 50);
}
server.listen(0, '127.0.0.1', () => next(0));
