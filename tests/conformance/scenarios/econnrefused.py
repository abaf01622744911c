# A request to a port nobody listens on: 'error' ECONNREFUSED (code, syscall, address, message), then 'close'.
import nodehttp as http
from _out import C

server = http.createServer()


def on_listen():
    port = server.address()['port']

    def on_closed(*a):
        req = http.get({'host': '127.0.0.1', 'port': port}, lambda res: C('response (must not fire)'))
        req.on('socket', lambda s: C('socket'))

        def on_error(err):
            C('error', err.code, err.syscall, err.address, err.port == port, err.message)
            C('error is Error', isinstance(err, Exception))
        req.on('error', on_error)
        req.on('close', lambda: C('close', req.destroyed))
    server.close(on_closed)


server.listen(0, '127.0.0.1', on_listen)
