// agent.destroy() closes the agent's free sockets: the server sees its connection close.
const http = require('http');
const { S, C, later } = require('./_out');

const agent = new http.Agent({ keepAlive: true });
const server = http.createServer((req, res) => res.end('x'));
server.on('connection', (socket) => {
  S('connection');
  socket.on('close', () => {
    S('server socket closed');
    server.close();
  });
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get({ host: '127.0.0.1', port, agent }, (res) => {
    res.resume();
    res.on('end', () => {
      later(() => {
        const name = agent.getName({ host: '127.0.0.1', port });
        C('free before destroy', agent.freeSockets[name].length);
        agent.destroy();
      });
    });
  });
});
