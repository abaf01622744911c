// createServer options: IncomingMessage/ServerResponse subclasses, highWaterMark, joinDuplicateHeaders,
// insecureHTTPParser, noDelay/keepAlive/keepAliveInitialDelay (accepted; the connection works as before).
const http = require('http');
const net = require('net');
const { S, tag } = require('./_out');

class MyRequest extends http.IncomingMessage {
  shout() { return this.url.toUpperCase(); }
}
class MyResponse extends http.ServerResponse {
  sendJSON(v) { this.setHeader('Content-Type', 'application/json'); this.end(JSON.stringify(v)); }
}

const handler = (label) => (req, res) => {
  S(label, req.url, req instanceof MyRequest, res instanceof MyResponse, req instanceof http.IncomingMessage);
  S(label, 'readableHighWaterMark', req.readableHighWaterMark, 'writableHighWaterMark', res.writableHighWaterMark);
  S(label, 'content-type', req.headers['content-type'], 'user-agent', req.headers['user-agent'],
    'x-bad', req.headers['x-bad'] === undefined ? 'none' : JSON.stringify(req.headers['x-bad']));
  if (req instanceof MyRequest) {
    res.sendJSON({ shout: req.shout() });
  } else {
    res.end('plain');
  }
};

const custom = http.createServer({
  IncomingMessage: MyRequest,
  ServerResponse: MyResponse,
  highWaterMark: 1024,
  joinDuplicateHeaders: true,
  insecureHTTPParser: true,
  noDelay: true,
  keepAlive: true,
  keepAliveInitialDelay: 1000,
}, handler('custom'));
custom.label = 'custom';
const plain = http.createServer(handler('plain'));
plain.label = 'plain';

const request = 'GET /some/path HTTP/1.1\r\nHost: x\r\nContent-Type: text/a\r\nContent-Type: text/b\r\n' +
  'User-Agent: one\r\nUser-Agent: two\r\nConnection: close\r\n';

function raw(server, name, extra, next) {
  const C = tag('C ' + server.label + ' ' + name);
  const socket = net.connect(server.address().port, '127.0.0.1', () => socket.write(request + extra + '\r\n'));
  let got = '';
  socket.setEncoding('latin1');
  socket.on('data', (d) => { got += d; });
  socket.on('close', () => {
    const [head, body] = got.split('\r\n\r\n');
    C(head.split('\r\n')[0], head.split('\r\n').filter((l) => l.startsWith('Content-Type')), JSON.stringify(body));
    next();
  });
}

custom.listen(0, '127.0.0.1', () => plain.listen(0, '127.0.0.1', () => {
  raw(custom, 'ok', '', () => raw(custom, 'bad char', 'X-Bad: a\x01b\r\n', () => raw(plain, 'ok', '', () =>
    raw(plain, 'bad char', 'X-Bad: a\x01b\r\n', () => { custom.close(); plain.close(); }))));
}));
