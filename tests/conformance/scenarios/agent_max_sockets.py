# maxSockets: 1 queues requests in agent.requests[name]; they are served one after another on one socket.
import threading

import nodehttp as http
from _out import S, C, later


def handler(req, res):
    S('request', req.url)
    res.end(req.url)


server = http.createServer(handler)
agent = http.Agent({'keepAlive': True, 'maxSockets': 1})


def on_listen():
    port = server.address()['port']
    name = agent.getName({'host': '127.0.0.1', 'port': port})
    done = [0]
    lock = threading.Lock()

    def on_response(res):
        body = []
        res.setEncoding('utf8')
        res.on('data', lambda d: body.append(d))

        def on_end():
            C('response', ''.join(body))
            with lock:
                done[0] += 1
                last = done[0] == 3
            if last:
                def finish():
                    C('after all', len(agent.requests.get(name) or []), len(agent.freeSockets[name]))
                    agent.destroy()
                    server.close()
                later(finish)
        res.on('end', on_end)

    for path in ['/1', '/2', '/3']:
        http.get({'host': '127.0.0.1', 'port': port, 'path': path, 'agent': agent}, on_response)
    C('queued', len(agent.requests[name]), len(agent.sockets.get(name) or []))


server.listen(0, '127.0.0.1', on_listen)
