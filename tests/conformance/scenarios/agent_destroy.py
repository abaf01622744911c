# agent.destroy() closes the agent's free sockets: the server sees its connection close.
import nodehttp as http
from _out import S, C, later

agent = http.Agent({'keepAlive': True})
server = http.createServer(lambda req, res: res.end('x'))


def on_connection(socket):
    S('connection')

    def on_close(*a):
        S('server socket closed')
        server.close()
    socket.on('close', on_close)


server.on('connection', on_connection)


def on_listen():
    port = server.address()['port']

    def on_response(res):
        res.resume()

        def check():
            name = agent.getName({'host': '127.0.0.1', 'port': port})
            C('free before destroy', len(agent.freeSockets[name]))
            agent.destroy()
            # (the pool's counts right after destroy() are left out: the
            # socket closes on its own thread, so they race -- see issue #4)
        res.on('end', lambda: later(check))
    http.get({'host': '127.0.0.1', 'port': port, 'agent': agent}, on_response)


server.listen(0, '127.0.0.1', on_listen)
