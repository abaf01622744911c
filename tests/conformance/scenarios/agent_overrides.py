# An Agent subclass overriding createConnection, keepSocketAlive, reuseSocket; keepAliveMsecs; keepSocketAlive false.
import nodehttp as http
from nodehttp import net
from _out import S, C, later

connections = [0]


def handler(req, res):
    S('request', req.url)
    res.end(req.url)


server = http.createServer(handler)
server.on('connection', lambda *a: connections.__setitem__(0, connections[0] + 1))


class LoggingAgent(http.Agent):
    def __init__(self, options, keep):
        super().__init__(options)
        self.keep = keep

    def createConnection(self, options, callback=None):
        C('createConnection', options.get('host'), options.get('port') == server.address()['port'],
          'function' if callable(callback) else type(callback).__name__)
        return net.createConnection(options, callback)

    def keepSocketAlive(self, socket):
        ok = super().keepSocketAlive(socket)
        C('keepSocketAlive', ok, self.keep)
        return ok and self.keep

    def reuseSocket(self, socket, req):
        C('reuseSocket', req.path, req.reusedSocket)
        super().reuseSocket(socket, req)


def get(agent, path, next_):
    def on_response(res):
        C(path, 'reusedSocket', res.req.reusedSocket, res.headers.get('connection'))
        res.resume()
        res.on('end', lambda: later(next_))
    http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': path, 'agent': agent}, on_response)


def on_listen():
    keeping = LoggingAgent({'keepAlive': True, 'keepAliveMsecs': 500}, True)
    C('keepAliveMsecs', keeping.keepAliveMsecs, http.Agent().keepAliveMsecs)
    name = keeping.getName({'host': '127.0.0.1', 'port': server.address()['port']})

    def after_a1():
        C('free after a1', len(keeping.freeSockets.get(name) or []))

        def after_a2():
            C('free after a2', len(keeping.freeSockets.get(name) or []))
            keeping.destroy()
            dropping = LoggingAgent({'keepAlive': True}, False)

            def after_b1():
                C('free after b1', len(dropping.freeSockets))

                def after_b2():
                    C('connections', connections[0])
                    dropping.destroy()
                    server.close()
                get(dropping, '/b2', after_b2)
            get(dropping, '/b1', after_b1)
        get(keeping, '/a2', after_a2)
    get(keeping, '/a1', after_a1)


server.listen(0, '127.0.0.1', on_listen)
