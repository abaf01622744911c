// http.request(url, options, cb): the URL's parts merged with options; auth -> Authorization; setHost/headers.
const http = require('http');
const { S, C } = require('./_out');

const server = http.createServer({ requireHostHeader: false }, (req, res) => {
  S('request', req.method, req.url, req.headers.authorization, req.headers.host === undefined, req.headers['x-opt']);
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const url = `http://user:pa%20ss@127.0.0.1:${port}/path/x?a=1&b=2#frag`;
  const req = http.request(url, { method: 'DELETE', headers: { 'X-Opt': 'o' }, setHost: false }, (res) => {
    C('response', res.statusCode);
    res.resume();
    res.on('end', () => {
      http.get(new URL(`http://127.0.0.1:${port}/from-url-object`), (res2) => {
        C('URL object', res2.statusCode);
        res2.resume();
        res2.on('end', () => server.close());
      });
    });
  });
  C('req', req.method, req.path, req.host);
  req.end();
});
