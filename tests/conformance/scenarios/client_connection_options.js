// How a request finds its server: defaultPort (and the Host header it leaves out), a custom lookup (hints),
// a createConnection option instead of an agent, socketPath (a Unix socket), agent: false, localAddress,
// localPort, hostname (wins over host), auth.
const http = require('http');
const net = require('net');
const dns = require('dns');
const os = require('os');
const path = require('path');
const fs = require('fs');
const { S, C } = require('./_out');

let localPort = null;   // a port nobody uses, for the localPort option
const handler = (req, res) => {
  S(req.url, 'host', req.headers.host, 'connection', req.headers.connection,
    'local', req.socket.remoteAddress === '127.0.0.1' || req.socket.remoteAddress);
  if (req.url === '/auth') S('authorization', req.headers.authorization);
  if (req.url === '/localPort') S('from localPort', req.socket.remotePort === localPort);
  res.end(req.url);
};
const server = http.createServer(handler);
const unix = http.createServer((req, res) => {
  S(req.url, 'host', req.headers.host);
  res.end(req.url);
});
const sockPath = path.join(os.tmpdir(), 'nodehttp-twin-' + process.pid + '.sock');
try { fs.unlinkSync(sockPath); } catch (e) { /* not there */ }

function get(options, next) {
  const req = http.get(options, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { body += d; });
    res.on('end', () => {
      C('response', body);
      next();
    });
  });
  req.on('error', (err) => C('error', err));
  return req;
}

const probe = net.createServer();
probe.listen(0, '127.0.0.1', () => {
  localPort = probe.address().port;
  probe.close(() => server.listen(0, '127.0.0.1', () => unix.listen(sockPath, run)));
});

function run() {
  const port = server.address().port;
  const steps = [
    { host: '127.0.0.1', defaultPort: port, path: '/defaultPort' },
    { host: '127.0.0.1', port, defaultPort: port, path: '/port-equals-defaultPort' },
    {
      host: 'localhost', port, path: '/lookup', family: 4, hints: dns.ADDRCONFIG,
      lookup: (hostname, options, cb) => {
        C('lookup', hostname, options.family, options.hints);
        cb(null, '127.0.0.1', 4);
      },
    },
    {
      host: '127.0.0.1', port, path: '/createConnection',
      createConnection: (options, cb) => {
        C('createConnection', options.host, options.port === port, options.path);
        return net.createConnection(options, cb);
      },
    },
    { socketPath: sockPath, path: '/unix' },
    { host: '127.0.0.1', port, path: '/agent-false', agent: false },
    { host: '127.0.0.1', port, path: '/localAddress', localAddress: '127.0.0.1' },
    { host: '127.0.0.1', port, path: '/localPort', localPort, agent: false },
    { host: 'nowhere.invalid', hostname: '127.0.0.1', port, path: '/hostname' },
    { host: '127.0.0.1', port, path: '/auth', auth: 'user:pass word' },
  ];
  const next = () => {
    const options = steps.shift();
    if (!options) {
      server.close();
      unix.close();
      return;
    }
    get(options, next);
  };
  next();
}
