# Server 'listening', 'connection', 'request', 'close'; server.listening; address(); close(cb).
import nodehttp as http
from _out import S, C, M

server = http.createServer()
M('listening before', server.listening)


def on_listening_event():
    a = server.address()
    S('listening event', server.listening, a['address'], a['family'], 'number' if isinstance(a['port'], int) else type(a['port']).__name__)


server.on('listening', on_listening_event)
server.on('connection', lambda socket: S('connection', socket.remoteAddress))


def on_request(req, res):
    S('request', req.url)
    res.end('x')


server.on('request', on_request)
server.on('close', lambda: S('close event', server.listening))


def on_listen():
    S('listen callback')

    def on_response(res):
        C('response', res.statusCode)
        res.resume()

        def on_end():
            C('end')
            server.close(lambda err=None: S('close callback', err))
        res.on('end', on_end)

    http.get('http://127.0.0.1:%d/ping' % server.address()['port'], on_response)


server.listen(0, '127.0.0.1', on_listen)
