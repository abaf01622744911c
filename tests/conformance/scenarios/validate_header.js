// http.validateHeaderName / validateHeaderValue: error codes, names and messages.
const http = require('http');
const { M } = require('./_out');

function attempt(label, fn) {
  try {
    fn();
    M(label, 'ok');
  } catch (err) {
    M(label, err.name, err.code, err instanceof TypeError, err.message);
  }
}
attempt('name ok', () => http.validateHeaderName('X-Fine'));
attempt('name space', () => http.validateHeaderName('bad name'));
attempt('name empty', () => http.validateHeaderName(''));
attempt('name colon', () => http.validateHeaderName('a:b'));
attempt('value ok', () => http.validateHeaderValue('x-a', 'fine value'));
attempt('value undefined', () => http.validateHeaderValue('x-a', undefined));
attempt('value newline', () => http.validateHeaderValue('x-a', 'a\nb'));
attempt('value CR', () => http.validateHeaderValue('x-b', 'a\rb'));
attempt('value NUL', () => http.validateHeaderValue('x-c', 'a\u0000b'));
