// Header limits: server.maxHeadersCount and request.maxHeadersCount trim the headers kept; the server's
// maxHeaderSize option answers 431; the client's maxHeaderSize option fails the request (HPE_HEADER_OVERFLOW).
const http = require('http');
const { S, C, M } = require('./_out');

M('http.maxHeaderSize', http.maxHeaderSize);
const server = http.createServer({ maxHeaderSize: 300 }, (req, res) => {
  S(req.url, 'rawHeaders', req.rawHeaders.length / 2, Object.keys(req.headers));
  if (req.url === '/big-response') res.setHeader('X-Big', 'b'.repeat(250));
  res.setHeader('X-A', '1');
  res.setHeader('X-B', '2');
  res.end('ok');
});
M('default maxHeadersCount', server.maxHeadersCount);
server.maxHeadersCount = 3;

function get(path, options, next) {
  const req = http.get({ host: '127.0.0.1', port: server.address().port, path, ...options }, (res) => {
    C(path, res.statusCode, 'rawHeaders', res.rawHeaders.length / 2, Object.keys(res.headers));
    res.resume();
    res.on('end', next);
  });
  req.on('error', (err) => { C(path, 'error', err); });
  req.on('close', () => { if (!req.res) next(); });
  return req;
}

server.listen(0, '127.0.0.1', () => {
  const headers = { 'X-1': 'a', 'X-2': 'b', 'X-3': 'c', 'X-4': 'd', Connection: 'close' };
  const steps = [
    // only the first 3 header lines count: Host (sent after them) is lost, so the server answers 400
    ['/count', { headers }],
    ['/count-host', { headers: { Host: 'h', ...headers } }],
    ['/too-big', { headers: { 'X-Long': 'l'.repeat(400), Connection: 'close' } }],
    ['/big-response', { maxHeaderSize: 200, headers: { Connection: 'close' } }],
    ['/client-count', { headers: { Connection: 'close' } }],
  ];
  const next = () => {
    if (steps.length === 0) return server.close();
    const [path, options] = steps.shift();
    const req = get(path, options, next);
    if (path === '/client-count') {
      C('request.maxHeadersCount', req.maxHeadersCount);
      req.maxHeadersCount = 2;
    }
  };
  next();
});
