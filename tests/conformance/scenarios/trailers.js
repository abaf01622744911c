// Trailers both ways: req.addTrailers -> server req.trailers/rawTrailers; res.addTrailers -> client res.trailers.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  S('trailers before end', req.trailers);
  req.resume();
  req.on('end', () => {
    S('trailers', req.trailers);
    S('rawTrailers', req.rawTrailers);
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Trailer': 'Content-MD5' });
    res.write('body');
    res.addTrailers({ 'Content-MD5': '7895bf4b8828b55ceaf47747b4bca667' });
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method: 'POST',
    headers: { 'Trailer': 'X-Check' } }, (res) => {
    C('te', res.headers['transfer-encoding'], res.headers.trailer);
    res.resume();
    res.on('end', () => {
      C('trailers', res.trailers);
      C('rawTrailers', res.rawTrailers);
      server.close();
    });
  });
  req.write('abc');
  req.addTrailers({ 'X-Check': 'ok' });
  req.end();
});
