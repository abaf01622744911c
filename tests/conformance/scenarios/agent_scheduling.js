// Agent scheduling 'fifo' vs 'lifo' (default): which pooled socket the next request gets.
// /slow and /fast go out together on two sockets; /fast's socket is pooled first, /slow's second.
const http = require('http');
const { tag, later } = require('./_out');

const firstUrl = {};   // server: remote port -> first url on that connection
const fastDone = {};   // scheduling -> ends /slow once /fast is over
const server = http.createServer((req, res) => {
  const [, path, scheduling] = req.url.split('/');
  const port = req.socket.remotePort;
  if (!(port in firstUrl)) firstUrl[port] = path;
  if (path === 'slow') {
    // answered once /fast's response is over and its socket is back in the pool
    fastDone[scheduling] = () => later(() => res.end('slow'));
  } else if (path === 'fast') {
    res.end('fast');
    res.on('finish', () => {
      const done = fastDone[scheduling];
      if (done) done(); else tag('S ' + scheduling)('unexpected order');
    });
  } else {
    tag('S ' + scheduling)(path, 'served on the socket of', firstUrl[port]);
    res.end('next');
  }
});

function round(scheduling, done) {
  const C = tag('C ' + scheduling);
  const agent = scheduling === 'default' ? new http.Agent({ keepAlive: true })
    : new http.Agent({ keepAlive: true, scheduling });
  C('agent.scheduling', agent.scheduling);
  const port = server.address().port;
  const name = agent.getName({ host: '127.0.0.1', port });
  let pending = 2;
  const opened = () => {
    if (--pending) return;
    later(() => {
      C('free sockets', agent.freeSockets[name].length);
      http.get({ host: '127.0.0.1', port, path: '/next/' + scheduling, agent }, (res) => {
        C('reusedSocket', res.req.reusedSocket);
        res.resume();
        res.on('end', () => later(() => { agent.destroy(); done(); }));
      });
    });
  };
  http.get({ host: '127.0.0.1', port, path: '/slow/' + scheduling, agent }, (res) => {
    res.resume();
    res.on('end', opened);
  });
  // /fast only once /slow has reached the server: the server sees them in this order
  setTimeout(() => {
    http.get({ host: '127.0.0.1', port, path: '/fast/' + scheduling, agent }, (res) => {
      res.resume();
      res.on('end', opened);
    });
  }, 100);
}

server.listen(0, '127.0.0.1', () => {
  let rounds = 3;
  const done = () => { if (--rounds === 0) server.close(); };
  for (const scheduling of ['fifo', 'lifo', 'default']) round(scheduling, done);
});
