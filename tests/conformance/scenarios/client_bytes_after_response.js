// Bytes after a complete response in the same packet: a body after a HEAD
// answer or a 204 is a parse error of the request (HPE_INVALID_CONSTANT,
// bytesParsed where they begin), before the response's 'end'; the socket
// is not reused.
const http = require('http');
const net = require('net');
const { C, S } = require('./_out');

const answers = {
  '/head': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
  '/204': 'HTTP/1.1 204 No Content\r\n\r\nbody',
};
let conns = 0;
const server = net.createServer((sock) => {
  conns += 1;
  sock.on('data', (d) => {
    const path = d.toString('latin1').split(' ')[1];
    S('connection', conns, path);
    sock.write(answers[path]);
  });
  sock.on('error', () => {});
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const cases = [['HEAD', '/head', false], ['GET', '/204', false], ['HEAD', '/head', agent], ['GET', '/204', agent]];

function next(i) {
  if (i === cases.length) {
    agent.destroy();
    server.close();
    return;
  }
  const [method, path, ag] = cases[i];
  const name = method + ' ' + path + (ag ? ' keep-alive' : '');
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method, path, agent: ag });
  req.on('error', (e) => C(name, 'error', e.code, e.bytesParsed, e.rawPacket.length));
  req.on('response', (res) => {
    C(name, 'response', res.statusCode);
    res.on('data', (d) => C(name, 'data', d));
    res.on('end', () => C(name, 'end'));
  });
  req.on('close', () => { C(name, 'close'); next(i + 1); });
  req.end();
}
server.listen(0, '127.0.0.1', () => next(0));
