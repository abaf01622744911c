# Agent scheduling 'fifo' vs 'lifo' (default): which pooled socket the next request gets.
# /slow and /fast go out together on two sockets; /fast's socket is pooled first, /slow's second.
import threading

import nodehttp as http
from _out import tag, later

first_url = {}   # server: remote port -> first url on that connection
fast_done = {}   # scheduling -> ends /slow once /fast is over
lock = threading.Lock()


def handler(req, res):
    _, path, scheduling = req.url.split('/')
    port = req.socket.remotePort
    with lock:
        first_url.setdefault(port, path)
    if path == 'slow':
        # answered once /fast's response is over and its socket is back in the pool
        fast_done[scheduling] = lambda: later(lambda: res.end('slow'))
    elif path == 'fast':
        res.end('fast')

        def on_finish():
            done = fast_done.get(scheduling)
            if done:
                done()
            else:
                tag('S ' + scheduling)('unexpected order')
        res.on('finish', on_finish)
    else:
        tag('S ' + scheduling)(path, 'served on the socket of', first_url[port])
        res.end('next')


server = http.createServer(handler)


def round_(scheduling, done):
    C = tag('C ' + scheduling)
    agent = (http.Agent({'keepAlive': True}) if scheduling == 'default'
             else http.Agent({'keepAlive': True, 'scheduling': scheduling}))
    C('agent.scheduling', agent.scheduling)
    port = server.address()['port']
    name = agent.getName({'host': '127.0.0.1', 'port': port})
    pending = [2]
    plock = threading.Lock()

    def opened():
        with plock:
            pending[0] -= 1
            if pending[0]:
                return

        def next_():
            C('free sockets', len(agent.freeSockets[name]))

            def on_response(res):
                C('reusedSocket', res.req.reusedSocket)
                res.resume()

                def finish():
                    agent.destroy()
                    done()
                res.on('end', lambda: later(finish))
            http.get({'host': '127.0.0.1', 'port': port, 'path': '/next/' + scheduling, 'agent': agent}, on_response)
        later(next_)

    def on_res(res):
        res.resume()
        res.on('end', opened)
    http.get({'host': '127.0.0.1', 'port': port, 'path': '/slow/' + scheduling, 'agent': agent}, on_res)

    # /fast only once /slow has reached the server: the server sees them in this order
    def fast():
        http.get({'host': '127.0.0.1', 'port': port, 'path': '/fast/' + scheduling, 'agent': agent}, on_res)
    t = threading.Timer(0.1, fast)
    t.daemon = False
    t.start()


def on_listen():
    rounds = [3]
    rlock = threading.Lock()

    def done():
        with rlock:
            rounds[0] -= 1
            last = rounds[0] == 0
        if last:
            server.close()
    for scheduling in ['fifo', 'lifo', 'default']:
        round_(scheduling, done)


server.listen(0, '127.0.0.1', on_listen)
