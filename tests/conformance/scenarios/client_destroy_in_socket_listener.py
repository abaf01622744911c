# A request destroyed in its 'socket' listener, its new socket still
# connecting: no 'connect' on the socket (it never gets there), the
# request's 'error' (socket hang up) and 'close', then the socket's 'close'.
import nodehttp as http
from _out import C

server = http.createServer(lambda req, res: res.end('ok'))


def on_listen():
    req = http.get({'port': server.address()['port'], 'host': '127.0.0.1', 'agent': False})

    def on_socket(sock):
        C('socket', sock.connecting)
        sock.on('connect', lambda: C('socket connect'))
        sock.on('close', lambda had_error: C('socket close'))
        req.destroy()
    req.on('socket', on_socket)
    req.on('error', lambda err: C('request error', err.code, str(err)))

    def on_close():
        C('request close')
        server.close()
    req.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
