// Writing to a response after end(): within the handler, an end('x') or a
// write() gets ERR_STREAM_WRITE_AFTER_END on the next tick, its callback
// first and then 'error'; end('') is no chunk (nothing), an empty Buffer is
// one (an error).  Once the response is closed (destroyed), end('x') does
// nothing at all and write() only calls its callback.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  res.on('error', (e) => S('error', e.code));
  res.on('close', () => {
    S('close');
    res.end('late', () => S('late end callback'));
    res.write('late', (e) => S('late write callback', e && e.code));
    server.close();
  });
  res.end('a');
  res.end('');
  res.end(Buffer.alloc(0), (e) => S('end callback', e && e.code));
  res.write('b', (e) => S('write callback', e && e.code));
  S('handler returns');
});

server.listen(0, '127.0.0.1', () => {
  http.get({ port: server.address().port, agent: false }, (res) => {
    res.setEncoding('latin1');
    let body = '';
    res.on('data', (d) => { body += d; });
    res.on('end', () => C('response', res.statusCode, body));
  });
});
