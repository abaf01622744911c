# Listening on a port in use: the second server's 'error' is EADDRINUSE (code, syscall, message).
import nodehttp as http
from _out import S

first = http.createServer()


def on_listen():
    port = first.address()['port']
    second = http.createServer()

    def on_error(err):
        S('error', err.code, err.syscall, err.address, err.port == port, err.message)
        S('listening', second.listening)
        first.close(lambda *a: S('first closed'))
    second.on('error', on_error)
    second.listen(port, '127.0.0.1', lambda: S('listening (must not fire)'))


first.listen(0, '127.0.0.1', on_listen)
