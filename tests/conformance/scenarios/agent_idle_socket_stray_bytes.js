// Bytes that come on a kept-alive socket while it is free in the Agent's
// pool (garbage, or a whole response nobody asked for) are read and
// dropped: the socket stays in the pool, and the next request reuses it
// and gets its own response.
const http = require('http');
const net = require('net');
const { S, C, later } = require('./_out');

let conns = 0;
const server = net.createServer((sock) => {
  const id = ++conns;
  S('connection', id);
  sock.on('data', (d) => {
    const line = String(d).split('\r\n')[0];
    S('request', id, line);
    sock.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    if (line.includes('garbage')) setTimeout(() => sock.write('garbage'), 50);
    if (line.includes('response')) setTimeout(() => sock.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nzz'), 50);
  });
});

function get(agent, path, cb) {
  const req = http.get({ port: server.address().port, host: '127.0.0.1', path, agent }, (res) => {
    let body = '';
    res.on('data', (c) => { body += c; });
    res.on('end', () => { C(path, res.statusCode, body, 'reusedSocket', req.reusedSocket); cb(); });
  });
  req.on('error', (err) => C(path, 'error', err.code));
}

function run(stray, done) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  get(agent, '/1/' + stray, () => later(() => {
    C(stray, 'free sockets', Object.values(agent.freeSockets).flat().length);
    get(agent, '/2/' + stray, () => { agent.destroy(); done(); });
  }));
}

server.listen(0, '127.0.0.1', () => run('garbage', () => run('response', () => server.close())));
