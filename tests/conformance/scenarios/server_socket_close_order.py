# The client ends its side while a response is pending; the order of the
# exchange's events, with what the listeners defer (nextTick): the socket's
# 'end', then its 'close' (the request is aborted first), the response's
# 'close' at the place it got among the socket's 'close' listeners, then the
# request's 'error' and 'close'.  (A) a bodiless request; (B) the handler adds
# socket 'close' listeners, one prepended; (P) a body cut short (a 400 goes out).
# (K) for contrast, a request with Connection: close, answered at once; (D) one
# answered at once by a handler that then closes the server, which destroys the
# connection (idle now): the request still ends before the socket's 'close'.
import threading

import nodehttp as http
from nodehttp import _tick, net
from _out import tag


def set_timeout(fn, ms):
    # a non-daemon timer, as a pending setTimeout keeps Node running
    t = threading.Timer(ms / 1000.0, fn)
    t.daemon = False
    t.start()


def run(name, next_):
    S = tag('S' + name)
    C = tag('C' + name)

    def handler(req, res):
        S('request', req.url)
        req.on('aborted', lambda: S('req aborted', req.aborted))
        req.on('error', lambda e: S('req error', e.code, str(e)))
        req.on('end', lambda: S('req end'))
        req.on('close', lambda: S('req close'))
        res.on('finish', lambda: S('res finish'))
        res.on('close', lambda: S('res close', res.destroyed, res.writableEnded))
        if name == 'B':
            req.socket.on('close', lambda *a: S('handler socket close'))
            req.socket.prependListener('close', lambda *a: S('handler socket close, prepended'))
        if name == 'K' or name == 'D':
            res.end('x')
            if name == 'D':
                server.close(next_)
            return

        def answer():
            S('answer: writable', res.writable, 'destroyed', res.destroyed)
            res.end('x')
            server.close(next_)
        set_timeout(answer, 150)

    server = http.createServer(handler)

    def on_connection(socket):
        def on_end():
            S('socket end', socket.readyState)
            _tick.next_tick(lambda: S('tick after socket end'))

        def on_close(*a):
            S('socket close', socket.readyState)
            _tick.next_tick(lambda: S('tick after socket close'))
            if name == 'K':
                server.close(next_)
        socket.on('end', on_end)
        socket.on('close', on_close)
        socket.on('close', lambda *a: S('socket close, second listener'))

    server.on('connection', on_connection)

    def on_listen():
        def on_connect():
            if name == 'D':
                c.write('GET /D HTTP/1.1\r\nHost: x\r\n\r\n')
            elif name == 'K':
                c.write('GET /K HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
            elif name == 'P':
                c.end('POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc')
            else:
                c.end('GET /' + name + ' HTTP/1.1\r\nHost: x\r\n\r\n')
        got = []
        c = net.connect(server.address()['port'], '127.0.0.1', on_connect)
        c.on('data', lambda d: got.append(bytes(d).decode('latin-1')))
        c.on('end', lambda: C('client got', ''.join(got).split('\r\n')[0]))
        c.on('error', lambda e: None)

    server.listen(0, '127.0.0.1', on_listen)


run('A', lambda *a: run('B', lambda *a: run('P', lambda *a: run('K', lambda *a: run('D', lambda *a: None)))))
