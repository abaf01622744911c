// A chunked response whose chunk extensions pass Node's limit (16 KiB per
// chunk, which llhttp counts and httptools does not): the body before that
// chunk is read, then the request's 'error' HPE_CHUNK_EXTENSIONS_OVERFLOW
// (bytesParsed where the span that passed it ends, or the packet's end for
// one still open), and the response is aborted.  At the limit, all is well.
// Trailers are held to maxHeaderSize as a head's fields are (HPE_HEADER_OVERFLOW).
const http = require('http');
const net = require('net');
const { C } = require('./_out');

const HEAD = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
const cases = {
  '/over': [HEAD + '5\r\nhello\r\n', '3;' + 'e'.repeat(20000) + '\r\nabc\r\n0\r\n\r\n'],
  '/open': [HEAD + '5\r\nhello\r\n3;a=' + 'v'.repeat(10000), 'v'.repeat(10000)],
  '/trailer-open': [HEAD + '5\r\nhello\r\n0\r\nX-T: ' + 'v'.repeat(10000), 'v'.repeat(10000)],
  '/at-the-limit': [HEAD + '5;' + 'e'.repeat(16384) + '\r\nhello\r\n0\r\n\r\n'],
};
const paths = Object.keys(cases);

const server = net.createServer((sock) => {
  sock.on('error', () => {});
  sock.once('data', (d) => {
    const parts = cases[d.toString('latin1').split(' ')[1]];
    sock.write(parts[0]);
    if (parts.length > 1) setTimeout(() => sock.end(parts[1]), 50);
    else sock.end();
  });
});

function run(i) {
  if (i === paths.length) return server.close();
  const path = paths[i];
  const req = http.get({ port: server.address().port, host: '127.0.0.1', path, agent: false },
    (res) => {
      res.on('data', (d) => C(path, 'data', d.length));
      res.on('aborted', () => C(path, 'aborted'));
      res.on('error', (err) => C(path, 'response error', err.code));
      res.on('end', () => C(path, 'end'));
    });
  req.on('error', (err) => C(path, 'error', err.code, err.bytesParsed, err.rawPacket.length));
  req.on('close', () => { C(path, 'close'); run(i + 1); });
}

server.listen(0, '127.0.0.1', () => run(0));
