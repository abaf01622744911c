# A request ended before it has its socket emits 'prefinish' right after
# 'socket', in the same tick (Node's onSocketNT flushes the request after
# tickOnSocket, and a finished one is _finish()ed: 'prefinish').  Ended
# inside a 'socket' listener, the socket is already attached: 'prefinish'
# comes inside end(), and once more after the listeners.  The write
# callbacks, 'finish' and 'response' follow on the socket's side (M).
import nodehttp as http
from nodehttp import _tick
from _out import C, M


def handler(req, res):
    req.resume()
    req.on('end', lambda: res.end(req.url))


server = http.createServer(handler)


def track(req, tag, on_socket=None):
    def socket_listener(sock):
        C(tag, 'socket')
        _tick.next_tick(lambda: C(tag, 'next tick after socket'))
        if on_socket:
            on_socket()
    req.on('socket', socket_listener)
    req.on('prefinish', lambda: C(tag, 'prefinish'))
    req.on('finish', lambda: M(tag, 'finish'))


def on_listen():
    port = server.address()['port']
    req = http.request({'port': port, 'host': '127.0.0.1', 'path': '/before', 'agent': False})
    track(req, '/before')

    def on_response(res):
        M('/before', 'response', res.statusCode)
        res.resume()

        def on_end():
            req2 = http.request({'port': port, 'host': '127.0.0.1', 'path': '/in-socket',
                                 'method': 'POST', 'agent': False})

            def in_socket():
                req2.write('abc', lambda *a: M('/in-socket', 'write callback'))
                C('/in-socket', 'before end')
                req2.end(lambda *a: M('/in-socket', 'end callback'))
                C('/in-socket', 'after end')
            track(req2, '/in-socket', in_socket)

            def on_response2(res2):
                M('/in-socket', 'response', res2.statusCode)
                res2.resume()
                res2.on('end', lambda: server.close())
            req2.on('response', on_response2)
        res.on('end', on_end)
    req.on('response', on_response)
    req.end(lambda *a: M('/before', 'end callback'))
    C('/before', 'after end')


server.listen(0, '127.0.0.1', on_listen)
