# The server's socket emits 'end' when the client ends its side, after what
# was read before it: (1) an idle kept-alive connection; (2) a request and
# the client's end together, answered at once.  (server_socket_end_pending:
# the same, answered later.)
from _socket_end import run

run('1', False, True, lambda *a: run('2', False, False, lambda *a: None))
