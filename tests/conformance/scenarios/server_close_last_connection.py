# A closing server emits 'close' when its last connection is destroyed: on
# the next tick, before that socket's own 'close' (Node counts a connection
# out in the socket's destroy()).
import nodehttp as http
from nodehttp import _tick, net
from _out import S


def handler(req, res):
    S('request')
    server.close(lambda *a: S('server close callback'))

    def on_timeout():
        req.socket.destroy()
        S('socket destroyed')
        _tick.next_tick(lambda: S('tick after destroy'))
    req.socket.setTimeout(50, on_timeout)
    res.on('close', lambda: S('res close'))


server = http.createServer(handler)
server.on('connection', lambda socket: socket.on('close', lambda *a: S('socket close')))


def on_listen():
    c = net.connect(server.address()['port'], '127.0.0.1',
                    lambda: c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
    c.on('error', lambda e: None)


server.listen(0, '127.0.0.1', on_listen)
