# When a socket closes under a request (the server says Connection: close),
# the Agent has taken it out of agent.sockets, and given a queued request a
# new socket, by the time the request's 'close' is emitted.
import nodehttp as http
from _out import C


def handler(req, res):
    res.setHeader('Connection', 'close')
    res.end(req.url)


server = http.createServer(handler)


def count(o):
    return sum(len(v) for v in o.values())


def on_listen():
    agent = http.Agent({'keepAlive': True, 'maxSockets': 1})
    left = [2]
    for path in ['/1', '/2']:
        req = http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': path,
                        'agent': agent}, lambda res: res.resume())

        def on_close(path=path):
            C(path, 'close: sockets', count(agent.sockets), 'queued', count(agent.requests))
            left[0] -= 1
            if left[0] == 0:
                agent.destroy()
                server.close()
        req.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
