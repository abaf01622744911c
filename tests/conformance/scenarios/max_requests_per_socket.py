# server.maxRequestsPerSocket = 2: the 2nd response says Connection: close; the 3rd request gets a new connection.
import nodehttp as http
from _out import S, C, later

connections = [0]


def handler(req, res):
    S('request', req.url)
    res.end('r')


server = http.createServer(handler)
server.on('connection', lambda *a: connections.__setitem__(0, connections[0] + 1))
server.maxRequestsPerSocket = 2
agent = http.Agent({'keepAlive': True, 'maxSockets': 1})


def get(path, next_):
    def on_response(res):
        C(path, res.headers.get('connection'), res.headers.get('keep-alive'))
        res.resume()
        res.on('end', lambda: later(next_))
    http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': path, 'agent': agent}, on_response)


def finish():
    C('connections', connections[0])
    agent.destroy()
    server.close()


server.listen(0, '127.0.0.1', lambda: get('/1', lambda: get('/2', lambda: get('/3', finish))))
