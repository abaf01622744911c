// createServer({ rejectNonStandardBodyWrites: true }): a body written to a HEAD, 204 or 304 response throws
// ERR_HTTP_BODY_NOT_ALLOWED; without the option (the default) such a body is dropped silently.
const http = require('http');
const { S, C } = require('./_out');

const handler = (label) => (req, res) => {
  const [, status] = req.url.split('/');
  res.statusCode = Number(status);
  try {
    S(label, req.method, req.url, 'write returns', res.write('body'));
  } catch (err) {
    S(label, req.method, req.url, 'write throws', err);
  }
  try {
    res.end('more');
  } catch (err) {
    S(label, req.method, req.url, 'end throws', err);
    res.end();
  }
};
const strict = http.createServer({ rejectNonStandardBodyWrites: true }, handler('strict'));
const lax = http.createServer(handler('default'));

function request(server, method, path, next) {
  const req = http.request({ host: '127.0.0.1', port: server.address().port, method, path, agent: false }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => { body += d; });
    res.on('end', () => {
      C(method, path, res.statusCode, JSON.stringify(body));
      next();
    });
  });
  req.end();
}

strict.listen(0, '127.0.0.1', () => lax.listen(0, '127.0.0.1', () => {
  const steps = [];
  for (const server of [strict, lax]) {
    steps.push([server, 'HEAD', '/200'], [server, 'GET', '/204'], [server, 'GET', '/304'], [server, 'GET', '/200']);
  }
  const next = () => {
    const step = steps.shift();
    if (!step) {
      strict.close();
      lax.close();
      return;
    }
    request(...step, next);
  };
  next();
}));
