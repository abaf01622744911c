// When a socket closes under a request (the server says Connection: close),
// the Agent has taken it out of agent.sockets, and given a queued request a
// new socket, by the time the request's 'close' is emitted.
const http = require('http');
const { C } = require('./_out');

const server = http.createServer((req, res) => {
  res.setHeader('Connection', 'close');
  res.end(req.url);
});
const count = (o) => Object.values(o).reduce((n, list) => n + list.length, 0);

server.listen(0, '127.0.0.1', () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let left = 2;
  for (const path of ['/1', '/2']) {
    const req = http.get({ host: '127.0.0.1', port: server.address().port, path, agent }, (res) => res.resume());
    req.on('close', () => {
      C(path, 'close: sockets', count(agent.sockets), 'queued', count(agent.requests));
      left -= 1;
      if (left === 0) {
        agent.destroy();
        server.close();
      }
    });
  }
});
