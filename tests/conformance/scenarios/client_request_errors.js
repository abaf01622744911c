// http.request() misuse throws synchronously: bad method, unescaped path, wrong protocol, bad header; req.end twice.
const http = require('http');
const { M } = require('./_out');

function attempt(label, fn) {
  try {
    fn();
    M(label, 'ok');
  } catch (err) {
    M(label, err.name, err.code, err.message);
  }
}
const agent = new http.Agent();
attempt('bad method', () => http.request({ host: '127.0.0.1', port: 1, method: 'BAD METHOD', agent }));
attempt('unescaped path', () => http.request({ host: '127.0.0.1', port: 1, path: '/a b', agent }));
attempt('https protocol', () => http.request({ host: '127.0.0.1', port: 1, protocol: 'https:', agent }));
attempt('bad header name', () => http.request({ host: '127.0.0.1', port: 1, headers: { 'bad name': 'x' }, agent }));
attempt('bad header value', () => http.request({ host: '127.0.0.1', port: 1, headers: { 'x-a': 'a\nb' }, agent }));
attempt('invalid url', () => http.request('not a url'));
M('done');
