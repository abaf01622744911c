// close() then listen() again at once: the 'close' that close() owed (no
// connection was left) still comes, on the next tick, and the server is
// listening again; its second close() emits its own.
const http = require('http');
const { S } = require('./_out');

const server = http.createServer();
server.on('close', () => S('close event'));
server.listen(0, '127.0.0.1', () => {
  S('listening 1');
  server.close(() => S('close callback 1'));
  server.listen(0, '127.0.0.1', () => {
    S('listening 2');
    server.close(() => S('close callback 2'));
  });
});
