// server.maxRequestsPerSocket = 2: the 2nd response says Connection: close; the 3rd request gets a new connection.
const http = require('http');
const { S, C, later } = require('./_out');

let connections = 0;
const server = http.createServer((req, res) => {
  S('request', req.url);
  res.end('r');
});
server.on('connection', () => { connections++; });
server.maxRequestsPerSocket = 2;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(path, next) {
  http.get({ host: '127.0.0.1', port: server.address().port, path, agent }, (res) => {
    C(path, res.headers.connection, res.headers['keep-alive']);
    res.resume();
    res.on('end', () => later(next));
  });
}
server.listen(0, '127.0.0.1', () => {
  get('/1', () => get('/2', () => get('/3', () => {
    C('connections', connections);
    agent.destroy();
    server.close();
  })));
});
