// http.METHODS and http.STATUS_CODES samples; maxHeaderSize.
const http = require('http');
const { M } = require('./_out');

M('METHODS length', http.METHODS.length);
M('METHODS sorted', JSON.stringify(http.METHODS) === JSON.stringify([...http.METHODS].sort()));
M('METHODS', http.METHODS);
M('has', ['GET', 'POST', 'PATCH', 'CONNECT', 'QUERY', 'PROPFIND', 'BREW'].map((m) => http.METHODS.includes(m)));
M('STATUS_CODES count', Object.keys(http.STATUS_CODES).length);
for (const code of [100, 103, 200, 204, 301, 304, 404, 418, 425, 451, 500, 511]) {
  M('STATUS_CODES', code, http.STATUS_CODES[code]);
}
M('STATUS_CODES 299', http.STATUS_CODES[299]);
M('maxHeaderSize', http.maxHeaderSize);
