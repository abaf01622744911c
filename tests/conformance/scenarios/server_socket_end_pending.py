# A request and the client's end together, answered later: Node's socket
# emits 'end' and 'close' first, then the response's 'close', the request's
# 'close' (no 'end'), and the late answer finds the response still writable.
from _socket_end import run

run('3', True, False, lambda *a: None)
