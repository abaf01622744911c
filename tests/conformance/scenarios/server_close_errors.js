// server.close() when not listening: the callback gets ERR_SERVER_NOT_RUNNING; listen twice: ERR_SERVER_ALREADY_LISTEN.
const http = require('http');
const { S, M } = require('./_out');

const notStarted = http.createServer();
notStarted.close((err) => S('close never listened', err.code, err.message));
const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  try {
    server.listen(0, '127.0.0.1');
    S('second listen ok');
  } catch (err) {
    S('second listen', err.code, err.message);
  }
  server.close((err) => {
    S('first close', err);
    server.close((err2) => S('second close', err2.code, err2.message));
  });
});
M('sync done');
