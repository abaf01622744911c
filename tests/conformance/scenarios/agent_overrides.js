// An Agent subclass overriding createConnection, keepSocketAlive, reuseSocket; keepAliveMsecs; keepSocketAlive false.
const http = require('http');
const net = require('net');
const { S, C, later } = require('./_out');

let connections = 0;
const server = http.createServer((req, res) => {
  S('request', req.url);
  res.end(req.url);
});
server.on('connection', () => { connections++; });

class LoggingAgent extends http.Agent {
  constructor(options, keep) {
    super(options);
    this.keep = keep;
  }

  createConnection(options, callback) {
    C('createConnection', options.host, options.port === server.address().port, typeof callback);
    return net.createConnection(options, callback);
  }

  keepSocketAlive(socket) {
    const ok = super.keepSocketAlive(socket);
    C('keepSocketAlive', ok, this.keep);
    return ok && this.keep;
  }

  reuseSocket(socket, req) {
    C('reuseSocket', req.path, req.reusedSocket);
    super.reuseSocket(socket, req);
  }
}

function get(agent, path, next) {
  http.get({ host: '127.0.0.1', port: server.address().port, path, agent }, (res) => {
    C(path, 'reusedSocket', res.req.reusedSocket, res.headers.connection);
    res.resume();
    res.on('end', () => later(next));
  });
}

server.listen(0, '127.0.0.1', () => {
  const keeping = new LoggingAgent({ keepAlive: true, keepAliveMsecs: 500 }, true);
  C('keepAliveMsecs', keeping.keepAliveMsecs, new http.Agent().keepAliveMsecs);
  const name = keeping.getName({ host: '127.0.0.1', port: server.address().port });
  get(keeping, '/a1', () => {
    C('free after a1', (keeping.freeSockets[name] || []).length);
    get(keeping, '/a2', () => {
      C('free after a2', (keeping.freeSockets[name] || []).length);
      keeping.destroy();
      const dropping = new LoggingAgent({ keepAlive: true }, false);
      get(dropping, '/b1', () => {
        C('free after b1', Object.keys(dropping.freeSockets).length);
        get(dropping, '/b2', () => {
          C('connections', connections);
          dropping.destroy();
          server.close();
        });
      });
    });
  });
});
