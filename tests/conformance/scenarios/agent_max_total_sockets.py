# maxTotalSockets: 1 over two origins: the request to the second origin waits in agent.requests until the
# first origin's socket is closed (keepAlive off) or pooled (keepAlive on: then a new socket is made anyway).
# maxFreeSockets: 1: of two sockets done at the same time, one is pooled, the other closed.
import threading

import nodehttp as http
from _out import S, tag, later


def handler_a(req, res):
    S('A', req.url)
    res.end('A')


def handler_b(req, res):
    S('B', req.url)
    res.end('B')


a = http.createServer(handler_a)
b = http.createServer(handler_b)


def fmt_bool(v):
    return 'true' if v else 'false'


def round_(keepAlive, next_):
    C = tag('C keepAlive=' + fmt_bool(keepAlive))
    agent = http.Agent({'keepAlive': keepAlive, 'maxTotalSockets': 1})
    C('maxTotalSockets', agent.maxTotalSockets, 'maxSockets', agent.maxSockets)
    names = {}
    names[agent.getName({'host': '127.0.0.1', 'port': a.address()['port']})] = 'A'
    names[agent.getName({'host': '127.0.0.1', 'port': b.address()['port']})] = 'B'

    def counts(d):
        return ','.join(sorted('%s=%d' % (names[k], len(v)) for k, v in list(d.items())))
    pending = [2]
    lock = threading.Lock()

    def on_response(res):
        body = []
        res.setEncoding('utf8')
        res.on('data', body.append)

        def on_end():
            C('response', ''.join(body))
            with lock:
                pending[0] -= 1
                last = pending[0] == 0
            if last:
                def finish():
                    C('after: requests', counts(agent.requests), 'free', counts(agent.freeSockets))
                    agent.destroy()
                    next_()
                later(finish)
        res.on('end', on_end)

    for server in [a, b]:
        http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': '/' + fmt_bool(keepAlive),
                  'agent': agent}, on_response)
    C('queued: requests', counts(agent.requests), 'sockets', counts(agent.sockets))


def max_free(next_):
    C = tag('C maxFreeSockets')
    agent = http.Agent({'keepAlive': True, 'maxFreeSockets': 1})
    C('maxFreeSockets', agent.maxFreeSockets)
    name = agent.getName({'host': '127.0.0.1', 'port': a.address()['port']})
    pending = [2]
    lock = threading.Lock()

    def on_response(res):
        res.resume()

        def on_end():
            with lock:
                pending[0] -= 1
                if pending[0]:
                    return

            def finish():
                C('free', len(agent.freeSockets[name]), 'sockets', len(agent.sockets.get(name) or []))
                agent.destroy()
                next_()
            later(finish)
        res.on('end', on_end)
    for path in ['/free', '/free']:
        http.get({'host': '127.0.0.1', 'port': a.address()['port'], 'path': path, 'agent': agent}, on_response)
    C('sockets', len(agent.sockets[name]))


def on_listen_b():
    def close():
        a.close()
        b.close()
    round_(False, lambda: round_(True, lambda: max_free(close)))


a.listen(0, '127.0.0.1', lambda: b.listen(0, '127.0.0.1', on_listen_b))
