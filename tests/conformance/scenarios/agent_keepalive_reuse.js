// A keep-alive Agent reuses its free socket: req.reusedSocket false then true; one server 'connection'.
const http = require('http');
const { S, C, later } = require('./_out');

let connections = 0;
const server = http.createServer((req, res) => {
  S('request', req.url, req.headers.connection);
  res.end(req.url);
});
server.on('connection', () => { connections++; });
const agent = new http.Agent({ keepAlive: true });
C('agent', agent.keepAlive, agent.maxSockets, agent.maxFreeSockets);

function get(path, next) {
  http.get({ host: '127.0.0.1', port: server.address().port, path, agent }, (res) => {
    C(path, 'reusedSocket', res.req.reusedSocket, res.headers.connection, res.headers['keep-alive']);
    res.resume();
    res.on('end', next);
  });
}
server.listen(0, '127.0.0.1', () => {
  get('/first', () => {
    later(() => {
      const name = Object.keys(agent.freeSockets)[0];
      C('free sockets', name === agent.getName({ host: '127.0.0.1', port: server.address().port }),
        agent.freeSockets[name].length);
      get('/second', () => {
        later(() => {
          C('connections', connections);
          agent.destroy();
          server.close();
        });
      });
    });
  });
});
