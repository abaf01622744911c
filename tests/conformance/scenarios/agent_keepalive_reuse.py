# A keep-alive Agent reuses its free socket: req.reusedSocket false then true; one server 'connection'.
import nodehttp as http
from _out import S, C, later

connections = [0]


def handler(req, res):
    S('request', req.url, req.headers.get('connection'))
    res.end(req.url)


server = http.createServer(handler)
server.on('connection', lambda *a: connections.__setitem__(0, connections[0] + 1))
agent = http.Agent({'keepAlive': True})
C('agent', agent.keepAlive, agent.maxSockets, agent.maxFreeSockets)


def get(path, next_):
    def on_response(res):
        C(path, 'reusedSocket', res.req.reusedSocket, res.headers.get('connection'), res.headers.get('keep-alive'))
        res.resume()
        res.on('end', next_)
    http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': path, 'agent': agent}, on_response)


def on_listen():
    def after_first():
        def check():
            name = list(agent.freeSockets)[0]
            C('free sockets', name == agent.getName({'host': '127.0.0.1', 'port': server.address()['port']}),
              len(agent.freeSockets[name]))

            def after_second():
                def finish():
                    C('connections', connections[0])
                    agent.destroy()
                    server.close()
                later(finish)
            get('/second', after_second)
        later(check)
    get('/first', after_first)


server.listen(0, '127.0.0.1', on_listen)
