# server.setTimeout(ms, cb): an idle connection times out; the callback gets the socket and destroys it.
import nodehttp as http
from nodehttp import net
from _out import S, C

server = http.createServer(lambda req, res: res.end())


def on_timeout(socket):
    S('timeout', 'function' if callable(socket.destroy) else 'other', server.timeout)
    socket.destroy()


ret = server.setTimeout(150, on_timeout)
S('setTimeout returns server', ret is server, server.timeout)


def on_listen():
    sock = net.connect(server.address()['port'], '127.0.0.1', lambda: C('connected'))
    sock.on('data', lambda d: C('data', d))
    sock.on('end', lambda: C('end'))

    def on_close(hadError):
        C('close', hadError)
        server.close()
    sock.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
