# A 'connect' listener attached to the request's socket in a 'socket'
# listener runs, however long the 'socket' listeners take: 'socket' is a
# tick and 'connect' is I/O, so 'connect' always comes after it.  Ended in
# that 'connect' listener, the request has its socket: 'prefinish' comes
# inside end(); the write callbacks, 'finish' and 'response' follow (M).
import time

import nodehttp as http
from _out import C, M


def handler(req, res):
    req.resume()
    req.on('end', lambda: res.end('ok'))


server = http.createServer(handler)


def on_listen():
    port = server.address()['port']
    req = http.request({'port': port, 'host': '127.0.0.1', 'method': 'POST', 'agent': False})

    def first(sock):
        C('socket: first listener, 50 ms')
        time.sleep(0.05)

    def second(sock):
        C('socket: second listener')

        def on_connect():
            C('socket connect')
            req.write('abc', lambda *a: M('write callback'))
            C('before end')
            req.end(lambda *a: M('end callback'))
            C('after end')
        sock.on('connect', on_connect)
    req.on('socket', first)
    req.on('socket', second)
    req.on('prefinish', lambda: C('prefinish'))
    req.on('finish', lambda: M('finish'))

    def on_response(res):
        M('response', res.statusCode)
        res.resume()
        res.on('end', lambda: server.close())
    req.on('response', on_response)


server.listen(0, '127.0.0.1', on_listen)
