// The server's socket emits 'end' when the client ends its side, after what
// was read before it: (1) an idle kept-alive connection; (2) a request and
// the client's end together, answered at once.  (server_socket_end_pending:
// the same, answered later.)
const { run } = require('./_socket_end');

run('1', false, true, () => run('2', false, false, () => {}));
