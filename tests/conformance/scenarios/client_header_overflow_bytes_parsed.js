// A response head over maxHeaderSize: the request's error is
// HPE_HEADER_OVERFLOW, its bytesParsed where Node's count of the reason
// phrase, names and values reached the limit (just past the CR of a reason
// phrase or a value, just past a name's colon), in the packet where it did
// (/two-packets: the head's second packet, the count going on from the first;
// /open-*: a span still open at the packet's end counts as far as it goes,
// and the error is at the packet's end).
const http = require('http');
const net = require('net');
const { C } = require('./_out');

const cases = {
  '/reason': ['HTTP/1.1 200 ' + 'O'.repeat(17000) + '\r\nContent-Length: 2\r\n\r\nok'],
  '/value': ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Big: ' + 'x'.repeat(20000) + '\r\n\r\nok'],
  '/open-value': ['HTTP/1.1 200 OK\r\nX-Big: ' + 'x'.repeat(10000), 'x'.repeat(10000)],
  '/open-name': ['HTTP/1.1 200 OK\r\n' + 'N'.repeat(10000), 'N'.repeat(10000)],
  '/open-reason': ['HTTP/1.1 200 ' + 'O'.repeat(10000), 'O'.repeat(10000)],
  '/name': ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n' + 'N'.repeat(17000) + ': v\r\n\r\nok'],
  '/two-packets': ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n',
                   'X-Big: ' + 'x'.repeat(20000) + '\r\n\r\nok'],
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
  const req = http.get({ port: server.address().port, host: '127.0.0.1', path: paths[i],
                         agent: false });
  req.on('error', (err) => {
    C(paths[i], err.code, err.bytesParsed, err.rawPacket.length);
    run(i + 1);
  });
}

server.listen(0, '127.0.0.1', () => run(0));
