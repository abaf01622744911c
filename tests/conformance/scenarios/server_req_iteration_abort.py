# A handler reads the body by iterating the request; the client sends part of
# it, then ends its side: the 400 goes out, the socket's 'end', the request is
# aborted, the socket's 'close', the response's 'close', the request's 'error'
# and 'close' -- and only then does the handler's loop throw.
import threading

import nodehttp as http
from nodehttp import _tick, net
from _out import S, C


def handler(req, res):
    S('request')
    req.on('aborted', lambda: S('req aborted'))
    req.on('error', lambda e: S('req error', e.code))
    req.on('close', lambda: S('req close'))
    res.on('close', lambda: S('res close', res.destroyed))
    try:
        for chunk in req:
            S('chunk', chunk.decode())
        S('loop done (must not happen)')
    except Exception as e:
        S('iteration threw', e.code, str(e))
    _tick.next_tick(lambda: S('tick after the loop'))
    server.close()


server = http.createServer(handler)


def on_connection(socket):
    socket.on('end', lambda: S('socket end'))
    socket.on('close', lambda *a: S('socket close'))


server.on('connection', on_connection)


def on_listen():
    def on_connect():
        c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc')
        t = threading.Timer(0.1, c.end)
        t.daemon = False        # (as a pending setTimeout keeps Node running)
        t.start()
    got = []
    c = net.connect(server.address()['port'], '127.0.0.1', on_connect)
    c.on('data', lambda d: got.append(bytes(d).decode('latin-1')))
    c.on('end', lambda: C('got', ''.join(got).split('\r\n')[0]))
    c.on('error', lambda e: None)


server.listen(0, '127.0.0.1', on_listen)
