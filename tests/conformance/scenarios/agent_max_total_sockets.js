// maxTotalSockets: 1 over two origins: the request to the second origin waits in agent.requests until the
// first origin's socket is closed (keepAlive off) or pooled (keepAlive on: then a new socket is made anyway).
// maxFreeSockets: 1: of two sockets done at the same time, one is pooled, the other closed.
const http = require('http');
const { S, tag, later } = require('./_out');

const a = http.createServer((req, res) => { S('A', req.url); res.end('A'); });
const b = http.createServer((req, res) => { S('B', req.url); res.end('B'); });

function round(keepAlive, next) {
  const C = tag('C keepAlive=' + keepAlive);
  const agent = new http.Agent({ keepAlive, maxTotalSockets: 1 });
  C('maxTotalSockets', agent.maxTotalSockets, 'maxSockets', agent.maxSockets);
  const names = {};
  names[agent.getName({ host: '127.0.0.1', port: a.address().port })] = 'A';
  names[agent.getName({ host: '127.0.0.1', port: b.address().port })] = 'B';
  const counts = (dict) => Object.keys(dict).map((k) => names[k] + '=' + dict[k].length).sort().join(',');
  let pending = 2;
  for (const server of [a, b]) {
    http.get({ host: '127.0.0.1', port: server.address().port, path: '/' + keepAlive, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        C('response', body);
        if (--pending === 0) {
          later(() => {
            C('after: requests', counts(agent.requests), 'free', counts(agent.freeSockets));
            agent.destroy();
            next();
          });
        }
      });
    });
  }
  C('queued: requests', counts(agent.requests), 'sockets', counts(agent.sockets));
}

function maxFree(next) {
  const C = tag('C maxFreeSockets');
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 1 });
  C('maxFreeSockets', agent.maxFreeSockets);
  const name = agent.getName({ host: '127.0.0.1', port: a.address().port });
  let pending = 2;
  for (const path of ['/free', '/free']) {
    http.get({ host: '127.0.0.1', port: a.address().port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (--pending) return;
        later(() => {
          C('free', agent.freeSockets[name].length, 'sockets', (agent.sockets[name] || []).length);
          agent.destroy();
          next();
        });
      });
    });
  }
  C('sockets', agent.sockets[name].length);
}

a.listen(0, '127.0.0.1', () => {
  b.listen(0, '127.0.0.1', () => {
    round(false, () => round(true, () => maxFree(() => { a.close(); b.close(); })));
  });
});
