# A 'connect' listener attached to the request's socket in a 'socket'
# listener runs, however long the 'socket' listeners take: 'socket' is a
# tick and 'connect' is I/O, so 'connect' always comes after it.  Ended in
# that 'connect' listener, the request has its socket: 'prefinish' comes
# inside end(); the write callbacks, 'finish' and 'response' follow (M).
# For the agent's own socket (/default) and for one from a createConnection
# of the user's (/custom).
import time

import nodehttp as http
from nodehttp import net
from _out import C, M


def handler(req, res):
    req.resume()
    req.on('end', lambda: res.end('ok'))


server = http.createServer(handler)


class MyAgent(http.Agent):
    def createConnection(self, options, callback=None):
        return net.createConnection({'port': options['port'], 'host': options['host']})


def run(tag, agent, next_):
    port = server.address()['port']
    req = http.request({'port': port, 'host': '127.0.0.1', 'method': 'POST', 'agent': agent})

    def first(sock):
        C(tag, 'socket: first listener, 50 ms')
        time.sleep(0.05)

    def second(sock):
        C(tag, 'socket: second listener')

        def on_connect():
            C(tag, 'socket connect')
            req.write('abc', lambda *a: M(tag, 'write callback'))
            C(tag, 'before end')
            req.end(lambda *a: M(tag, 'end callback'))
            C(tag, 'after end')
        sock.on('connect', on_connect)
    req.on('socket', first)
    req.on('socket', second)
    req.on('prefinish', lambda: C(tag, 'prefinish'))
    req.on('finish', lambda: M(tag, 'finish'))

    def on_response(res):
        M(tag, 'response', res.statusCode)
        res.resume()
        res.on('end', next_)
    req.on('response', on_response)


server.listen(0, '127.0.0.1', lambda: run(
    '/default', False, lambda: run('/custom', MyAgent(), lambda: server.close())))
