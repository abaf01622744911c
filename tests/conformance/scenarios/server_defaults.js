// Server property defaults (timeouts, limits) and createServer options reflected on the server.
const http = require('http');
const { M } = require('./_out');

const s = http.createServer();
M('timeout', s.timeout);
M('keepAliveTimeout', s.keepAliveTimeout);
M('headersTimeout', s.headersTimeout);
M('requestTimeout', s.requestTimeout);
M('maxHeadersCount', s.maxHeadersCount);
M('maxRequestsPerSocket', s.maxRequestsPerSocket);
M('listening', s.listening);
M('address before listen', s.address());
const t = http.createServer({ keepAliveTimeout: 1234, requestTimeout: 10000, headersTimeout: 5000 });
M('options', t.keepAliveTimeout, t.requestTimeout, t.headersTimeout);
M('is http.Server', s instanceof http.Server);
