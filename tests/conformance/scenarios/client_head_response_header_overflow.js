// The response to a HEAD request (whose head nodehttp cuts out by hand, so
// that no body is taken from what follows) is held to maxHeaderSize as
// any: HPE_HEADER_OVERFLOW in the packet where Node's count reaches it, a
// span still open at the packet's end counted as far as it has come.
// Empty lines before the head are skipped, and not counted.
const http = require('http');
const net = require('net');
const { C } = require('./_out');

const cases = {
  '/one-packet': ['HTTP/1.1 200 OK\r\nX-Big: ' + 'x'.repeat(20000) + '\r\n\r\n'],
  '/open-value': ['HTTP/1.1 200 OK\r\nX-Big: ' + 'x'.repeat(10000), 'x'.repeat(10000)],
  '/crossing-in-second': ['HTTP/1.1 200 OK\r\nA: ' + 'a'.repeat(10000) + '\r\n',
                          'B: ' + 'b'.repeat(10000) + '\r\nC: c\r\n'],
  '/empty-lines-first': ['\r\n\r\n\r\n', 'HTTP/1.1 200 OK\r\nX: ' + 'x'.repeat(10000),
                         'x'.repeat(10000)],
  '/small': ['HTTP/1.1 200 OK\r\n', 'Content-Length: 5\r\nX: ' + 'x'.repeat(100), '\r\n\r\n'],
};
const paths = Object.keys(cases);

const server = net.createServer((sock) => {
  sock.on('error', () => {});
  sock.once('data', (d) => {
    const parts = cases[d.toString('latin1').split(' ')[1]];
    let i = 0;
    const next = () => {
      if (i === parts.length) return setTimeout(() => sock.end(), 50);
      sock.write(parts[i++]);
      setTimeout(next, 50);
    };
    next();
  });
});

function run(i) {
  if (i === paths.length) return server.close();
  const req = http.request({ port: server.address().port, host: '127.0.0.1', path: paths[i],
                             method: 'HEAD', agent: false });
  req.on('response', (res) => {
    C(paths[i], 'response', res.statusCode, res.headers['content-length'], res.headers.x.length);
    res.resume();
    res.on('end', () => run(i + 1));
  });
  req.on('error', (err) => {
    C(paths[i], err.code, err.bytesParsed, err.rawPacket && err.rawPacket.length);
    run(i + 1);
  });
  req.end();
}

server.listen(0, '127.0.0.1', () => run(0));
