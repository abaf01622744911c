# A response's 'close' comes a tick after its 'finish' (Node's resOnFinish,
# the first 'finish' listener, defers it): after what the handler deferred
# before, before what the user's 'finish' listeners defer, and before the
# request's 'end' and 'close'.  (F) a plain answer; (E) the handler ends the
# response, then destroys the socket.
import nodehttp as http
from nodehttp import _tick, net
from _out import tag


def run(name, next_):
    S = tag('S' + name)

    def handler(req, res):
        def on_finish():
            S('res finish')
            _tick.next_tick(lambda: S('tick after finish'))
        res.on('finish', on_finish)
        res.on('close', lambda: S('res close', res.destroyed, res.writableFinished))
        req.on('end', lambda: S('req end'))
        req.on('close', lambda: S('req close'))
        res.end('x')
        if name == 'E':
            req.socket.destroy()
        _tick.next_tick(lambda: S('tick after the handler'))
        server.close(next_)

    server = http.createServer(handler)
    server.on('connection', lambda socket: socket.on('close', lambda *a: S('socket close')))

    def on_listen():
        def on_connect():
            c.write('GET /' + name + ' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
        c = net.connect(server.address()['port'], '127.0.0.1', on_connect)
        c.on('data', lambda d: None)
        c.on('error', lambda e: None)

    server.listen(0, '127.0.0.1', on_listen)


run('F', lambda *a: run('E', lambda *a: None))
