// The uniqueHeaders option (server and client): a list value of a named header goes out as one '; '-joined line.
const http = require('http');
const { S, C, M } = require('./_out');

for (const v of [0, 1.5, '2', 3]) {
  try { http.setMaxIdleHTTPParsers(v); M('setMaxIdleHTTPParsers', v, 'ok'); } catch (e) { M('setMaxIdleHTTPParsers', v, e); }
}
try { http.createServer({ uniqueHeaders: [7] }); } catch (e) { M('createServer [7]', e.name); }

const server = http.createServer({ uniqueHeaders: ['X-Unique', 'set-cookie'] }, (req, res) => {
  S('rawHeaders', req.rawHeaders.filter((v, i, a) => a[i - (i % 2)] !== 'Host'));
  res.setHeader('X-Unique', ['a', 'b']);
  res.setHeader('Set-Cookie', ['s=1', 't=2']);
  res.setHeader('X-Other', ['c', 'd']);
  res.appendHeader('x-unique', 'e');
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, uniqueHeaders: ['x-unique'],
    headers: { 'X-Unique': ['1', '2'], 'X-Other': ['3', '4'] } });
  req.appendHeader('X-UNIQUE', ['5']);
  C('getHeader', req.getHeader('x-unique'));
  req.end();
  req.on('response', (res) => {
    C('rawHeaders', res.rawHeaders.filter((v, i, a) => a[i - (i % 2)] !== 'Date'));
    C('headers', res.headers['x-unique'], res.headers['set-cookie'], res.headers['x-other']);
    res.resume();
    res.on('end', () => server.close());
  });
});
