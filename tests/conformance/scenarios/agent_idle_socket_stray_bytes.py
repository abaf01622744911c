# Bytes that come on a kept-alive socket while it is free in the Agent's
# pool (garbage, or a whole response nobody asked for) are read and
# dropped: the socket stays in the pool, and the next request reuses it
# and gets its own response.
import threading

import nodehttp as http
from nodehttp import net
from _out import S, C, later

conns = [0]


def set_timeout(fn, ms):
    threading.Timer(ms / 1000, fn).start()


def on_connection(sock):
    conns[0] += 1
    cid = conns[0]
    S('connection', cid)

    def on_data(d):
        line = d.decode('latin1').split('\r\n')[0]
        S('request', cid, line)
        sock.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
        if 'garbage' in line:
            set_timeout(lambda: sock.write('garbage'), 50)
        if 'response' in line:
            set_timeout(lambda: sock.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nzz'), 50)
    sock.on('data', on_data)


server = net.createServer(on_connection)


def get(agent, path, cb):
    def on_response(res):
        body = []
        res.on('data', body.append)

        def on_end():
            C(path, res.statusCode, b''.join(body).decode(), 'reusedSocket', req.reusedSocket)
            cb()
        res.on('end', on_end)
    req = http.get({'port': server.address()['port'], 'host': '127.0.0.1', 'path': path,
                    'agent': agent}, on_response)
    req.on('error', lambda err: C(path, 'error', err.code))


def run(stray, done):
    agent = http.Agent({'keepAlive': True, 'maxSockets': 1})

    def second():
        C(stray, 'free sockets', sum(len(v) for v in agent.freeSockets.values()))

        def finish():
            agent.destroy()
            done()
        get(agent, '/2/' + stray, finish)
    get(agent, '/1/' + stray, lambda: later(second))


server.listen(0, '127.0.0.1', lambda: run('garbage', lambda: run('response', server.close)))
