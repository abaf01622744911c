// OutgoingMessage state on both sides: cork()/uncork() and writableCorked, writableLength, writableHighWaterMark,
// writableObjectMode; setHeaders(); pipe(); req.setNoDelay()/setSocketKeepAlive(); res.strictContentLength.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    S(req.url, 'body', body, 'x-set', req.headers['x-set'], req.headers['x-other']);
    if (req.url === '/strict') {
      res.strictContentLength = true;
      res.setHeader('Content-Length', 5);
      res.write('12');
      try {
        res.write('3456');
      } catch (err) {
        S('write too much', err);
      }
      try {
        res.end('3');
      } catch (err) {
        S('end too short', err);
      }
      res.end('345');
      return;
    }
    S('strictContentLength', res.strictContentLength, 'writableObjectMode', res.writableObjectMode,
      'writableHighWaterMark', res.writableHighWaterMark);
    res.once('error', (err) => S('pipe() emits', err));
    res.pipe();
    res.setHeaders(new Map([['X-Set', 'one'], ['X-Other', ['a', 'b']]]));
    S('getHeaders', res.getHeaders());
    res.cork();
    res.cork();
    S('corked', res.writableCorked);
    res.write('a');
    res.write('b');
    res.uncork();
    S('corked', res.writableCorked);
    res.uncork();
    S('corked', res.writableCorked);
    res.end('c');
  });
});

function post(path, next) {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, path, method: 'POST' }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { body += d; });
    res.on('end', () => {
      C(path, res.statusCode, res.headers['content-length'], res.headers['x-set'], res.headers['x-other'], body);
      next();
    });
  });
  C('req writableHighWaterMark', req.writableHighWaterMark, 'writableObjectMode', req.writableObjectMode,
    'writableLength', req.writableLength);
  req.setNoDelay(true);
  req.setSocketKeepAlive(true, 1000);
  req.setHeaders(new Map([['X-Set', 'req']]));
  req.cork();
  C('req corked', req.writableCorked);
  req.write('hello ');
  req.write('world');
  req.uncork();
  C('req corked', req.writableCorked);
  req.end();
}

server.listen(0, '127.0.0.1', () => {
  post('/state', () => post('/strict', () => server.close()));
});
