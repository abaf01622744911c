// maxSockets: 1 queues requests in agent.requests[name]; they are served one after another on one socket.
const http = require('http');
const { S, C, later } = require('./_out');

const server = http.createServer((req, res) => {
  S('request', req.url);
  res.end(req.url);
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const name = agent.getName({ host: '127.0.0.1', port });
  let done = 0;
  for (const path of ['/1', '/2', '/3']) {
    http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        C('response', body);
        if (++done === 3) {
          later(() => {
            C('after all', (agent.requests[name] || []).length, agent.freeSockets[name].length);
            agent.destroy();
            server.close();
          });
        }
      });
    });
  }
  C('queued', agent.requests[name].length, (agent.sockets[name] || []).length);
});
