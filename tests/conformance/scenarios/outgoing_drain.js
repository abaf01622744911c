// Back-pressure on both sides: write() past the high-water mark returns false with writableNeedDrain true,
// and 'drain' comes once the peer reads.  (nodehttp: such a write does not block on the connection's own
// thread while the peer may still be waiting for it: the request body not yet all read, the response not yet over.)
const http = require('http');
const { S, C, later } = require('./_out');

const BIG = 16 * 1024 * 1024;

function drained(log, what, msg) {
  log(what, 'drain', 'writableNeedDrain', msg.writableNeedDrain);
}

const server = http.createServer((req, res) => {
  if (req.url === '/download') {
    // the request body is still coming: the response is written from the connection's own thread
    const ok = res.write(Buffer.alloc(BIG, 'x'));
    S('res.write', ok, 'writableNeedDrain', res.writableNeedDrain);
    res.once('drain', () => {
      drained(S, 'res', res);
      res.end();
    });
    req.resume();
    req.on('end', () => S('download request body over'));
  } else {
    res.writeHead(200);
    res.flushHeaders();
    // read the upload only after a while: the client's write cannot all be taken at once
    later(() => {
      let got = 0;
      req.on('data', (d) => { got += d.length; });
      req.on('end', () => {
        S('upload body', got);
        res.end();
      });
    });
  }
});

function download(next) {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, path: '/download', method: 'POST' },
    (res) => {
      later(() => {
        let got = 0;
        res.on('data', (d) => { got += d.length; });
        res.on('end', () => {
          C('download body', got);
          req.end();
          next();
        });
      });
    });
  req.write('not over yet');
}

function upload() {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, path: '/upload', method: 'POST' },
    (res) => {
      // the response has begun: the body goes from the response's own thread
      const ok = req.write(Buffer.alloc(BIG, 'y'));
      C('req.write', ok, 'writableNeedDrain', req.writableNeedDrain);
      req.once('drain', () => {
        drained(C, 'req', req);
        req.end();
      });
      res.resume();
      res.on('end', () => {
        C('upload response over');
        server.close();
      });
    });
  req.flushHeaders();
}

server.listen(0, '127.0.0.1', () => download(upload));
