# A response's 'data' listener pauses at its last chunk.  Node's client
# parses a whole packet before its ticks run, and a fresh response buffers
# until its first read: a body that ends in the head's packet is buffered
# and ended when the flow starts, and the read that empties it schedules
# 'end' (then 'close') although the listener paused.  A body that comes in
# a later packet is emitted as it is pushed; the end that follows finds
# the response paused: no 'end'.  The same for a plain Readable: one
# buffered chunk then the end gives 'end'; two chunks leave the second.
import threading

import nodehttp as http
from nodehttp import net
from nodehttp.stream import Readable
from _out import C, later, tag

HEAD = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n'
CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n'


def set_timeout(fn, ms):
    t = threading.Timer(ms / 1000, fn)
    t.start()


shapes = [
    ['one packet', lambda s: s.end(HEAD + 'hello')],
    ['body later', lambda s: (s.write(HEAD), set_timeout(lambda: s.end('hello'), 50))],
    ['chunked, end later', lambda s: (s.write(CHUNKED + '2\r\nab\r\n'),
                                      set_timeout(lambda: s.end('2\r\ncd\r\n0\r\n\r\n'), 50))],
]
nxt = [0]


def on_connection(sock):
    shape = shapes[nxt[0]][1]
    nxt[0] += 1
    sock.once('data', lambda d: shape(sock))
    sock.on('error', lambda err: None)


server = net.createServer(on_connection)


def run(i):
    if i == len(shapes):
        server.close()
        return
    name = shapes[i][0]

    def on_response(res):
        def on_data(c):
            C(name, 'data', c.decode())
            res.pause()
            C(name, 'paused', res.isPaused())
        res.on('data', on_data)
        res.on('end', lambda: C(name, 'end'))
        res.on('close', lambda: C(name, 'close'))

        def after():
            C(name, 'later: readableEnded', res.readableEnded, 'complete', res.complete)
            res.destroy()
            run(i + 1)
        later(after)
    http.get({'port': server.address()['port'], 'host': '127.0.0.1', 'agent': False}, on_response)


def plain():
    for chunks in (['ab'], ['a', 'b']):
        name = 'readable %d' % len(chunks)
        M = tag('R%d' % len(chunks))
        r = Readable(read=lambda size: None)
        for c in chunks:
            r.push(c)
        r.push(None)

        def on_data(c, r=r, name=name, M=M):
            M(name, 'data', c.decode())
            r.pause()
        r.on('end', lambda name=name, M=M: M(name, 'end'))
        r.on('data', on_data)
        later(lambda r=r, name=name, M=M: M(name, 'later: readableEnded', r.readableEnded))


server.listen(0, '127.0.0.1', lambda: (plain(), run(0)))
