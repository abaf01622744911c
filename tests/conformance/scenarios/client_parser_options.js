// Client parser options against a raw server: joinDuplicateHeaders joins repeated singleton headers;
// insecureHTTPParser accepts a header value the strict parser refuses; headersDistinct / trailersDistinct.
const http = require('http');
const net = require('net');
const { S, tag } = require('./_out');

const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Type: text/a\r\nContent-Type: text/b\r\nX-Multi: 1\r\nX-Multi: 2\r\n' +
  'Transfer-Encoding: chunked\r\nTrailer: X-T\r\nConnection: close\r\n';
const server = net.createServer((socket) => {
  socket.once('data', (d) => {
    const path = d.toString('latin1').split(' ')[1];
    S('request', path);
    const extra = path.startsWith('/bad') ? 'X-Bad: a\x01b\r\n' : '';
    socket.end(RESPONSE + extra + '\r\n2\r\nok\r\n0\r\nX-T: t1\r\nX-T: t2\r\n\r\n', 'latin1');
  });
});

function get(path, options, next) {
  const C = tag('C ' + path + ' ' + JSON.stringify(options));
  const req = http.get({ host: '127.0.0.1', port: server.address().port, path, ...options }, (res) => {
    C('content-type', res.headers['content-type'], 'x-multi', res.headers['x-multi'],
      'x-bad', res.headers['x-bad'] === undefined ? 'none' : JSON.stringify(res.headers['x-bad']));
    C('headersDistinct', res.headersDistinct['content-type'], res.headersDistinct['x-multi']);
    res.resume();
    res.on('end', () => {
      C('trailers', res.trailers, 'trailersDistinct', res.trailersDistinct);
    });
  });
  req.on('error', (err) => C('error', err));
  req.on('close', next);
}

server.listen(0, '127.0.0.1', () => {
  get('/plain', {}, () => get('/joined', { joinDuplicateHeaders: true }, () =>
    get('/bad', {}, () => get('/bad-insecure', { insecureHTTPParser: true }, () => server.close()))));
});
