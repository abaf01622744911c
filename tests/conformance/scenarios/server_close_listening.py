# server.close() stops listening at once: address() is None, a connect is
# refused and the port can be bound again before 'close'; with no connection
# left, 'close' comes on the next tick (its listeners in order, the callback
# among them). A server closed before its 'listening' never emits it.
import nodehttp as http
from nodehttp import _tick, net
from _out import S

server = http.createServer()
server.on('close', lambda: S('close event'))


def on_listen():
    port = server.address()['port']
    server.close(lambda *a: S('close callback'))
    _tick.next_tick(lambda: S('tick after close'))
    S('after close: address', server.address(), 'listening', server.listening)

    early = http.createServer()
    early.on('listening', lambda: S('early listening'))
    early.on('close', lambda: S('early close'))
    early.listen(0, '127.0.0.1')
    early.close()

    c = net.connect(port, '127.0.0.1')

    def on_connect():
        S('connected')
        c.destroy()

    def on_error(err):
        S('connect error', err.code)
        again = http.createServer()
        again.on('error', lambda e: S('listen again error', e.code))

        def on_again():
            S('listening again on the same port', again.address()['port'] == port)
            again.close()
        again.listen(port, '127.0.0.1', on_again)
    c.on('connect', on_connect)
    c.on('error', on_error)


server.listen(0, '127.0.0.1', on_listen)
