# Client req.setTimeout(ms): 'timeout' on a slow response; req.destroy() -> 'error' ECONNRESET 'socket hang up', 'close'.
import nodehttp as http
from _out import S, C

pending = []


def handler(req, res):
    S('request')
    pending.append(res)  # never answered in time


server = http.createServer(handler)


def on_listen():
    req = http.get({'host': '127.0.0.1', 'port': server.address()['port']}, lambda res: C('response (must not fire)'))
    req.setTimeout(150, lambda: C('setTimeout callback'))

    def on_timeout():
        C('timeout event')
        req.destroy()
    req.on('timeout', on_timeout)
    req.on('error', lambda err: C('error', err.code, err.message))

    def on_close():
        C('close', req.destroyed)
        server.close()
        server.closeAllConnections()
    req.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
