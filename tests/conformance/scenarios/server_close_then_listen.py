# close() then listen() again at once: the 'close' that close() owed (no
# connection was left) still comes, on the next tick, and the server is
# listening again; its second close() emits its own.
import nodehttp as http
from _out import S

server = http.createServer()
server.on('close', lambda: S('close event'))


def on_second():
    S('listening 2')
    server.close(lambda *a: S('close callback 2'))


def on_first():
    S('listening 1')
    server.close(lambda *a: S('close callback 1'))
    server.listen(0, '127.0.0.1', on_second)


server.listen(0, '127.0.0.1', on_first)
