// A socket's 'timeout' fires once per idle spell: the timer is armed again
// by activity (here the server's write), not by the time passing.  The
// same for a client request's timeout option.
const http = require('http');
const net = require('net');
const { C, M } = require('./_out');

const server = net.createServer((sock) => {
  setTimeout(() => sock.write('late'), 300);
  setTimeout(() => sock.end(), 600);
});
let done = 0;
const finish = () => { done += 1; if (done === 2) server.close(); };

server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const c = net.connect(port, '127.0.0.1');
  let timeouts = 0;
  // (armed once connected: a connect that a loaded machine delays past
  // 50 ms would be activity, and a second idle spell)
  c.on('connect', () => c.setTimeout(50));
  c.on('timeout', () => { timeouts += 1; });
  c.on('data', (d) => C('data', d.toString(), 'timeouts so far', timeouts));
  c.on('end', () => C('end', 'timeouts', timeouts));
  c.on('close', finish);

  const req = http.request({ port, host: '127.0.0.1', timeout: 50 });
  let reqTimeouts = 0;
  req.on('timeout', () => { reqTimeouts += 1; });
  req.on('error', (e) => M('request error', e.code, 'timeouts', reqTimeouts));
  req.on('close', finish);
  req.end();
});
