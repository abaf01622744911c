# A connection refused reaches the listeners that a 'socket' listener put
# on the request's socket, however long the 'socket' listeners take: the
# failure is I/O, after the 'socket' tick.  The order: the request's
# 'error', the socket's 'error', the request's 'close', the socket's 'close'.
import time

import nodehttp as http
from nodehttp import net
from _out import C

probe = net.createServer()


def on_listen():
    port = probe.address()['port']

    def on_closed(*args):
        req = http.request({'port': port, 'host': '127.0.0.1', 'agent': False})

        def on_socket(sock):
            C('socket', sock.connecting)
            time.sleep(0.05)
            sock.on('error', lambda err: C('socket error', err.code))
            sock.on('close', lambda had_error: C('socket close', had_error))
        req.on('socket', on_socket)
        req.on('error', lambda err: C('request error', err.code))
        req.on('close', lambda: C('request close'))
        req.end()
    probe.close(on_closed)


probe.listen(0, '127.0.0.1', on_listen)
