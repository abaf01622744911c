# A socket timeout set during a request (res.setTimeout, or the server's
# own) gives way to keepAliveTimeout once the response is done, as Node's
# resOnFinish does: a connection idle for longer than that timeout, but not
# for keepAliveTimeout, is still there for its next request; the server's
# timeout is back for that request.
import nodehttp as http
from nodehttp import net
from _out import S, C, later

n = 0


def handler(req, res):
    global n
    n += 1
    S('request', n, req.url, 'socket timeout', req.socket.timeout)
    if n == 1:
        res.on('timeout', lambda: S('res timeout'))
        res.setTimeout(100)
    res.end('ok')


server = http.createServer(handler)
server.setTimeout(150, lambda *a: S('server timeout'))


def on_listen():
    c = net.connect(server.address()['port'], '127.0.0.1')
    got = []
    c.on('data', lambda d: got.append(d.decode('latin1')))

    def on_close(*a):
        C('responses', len(''.join(got).split('HTTP/1.1 200 OK')) - 1)
        server.close()
    c.on('close', on_close)
    c.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\n')

    def second():
        C('sending the second request')
        c.write('GET /2 HTTP/1.1\r\nHost: x\r\n\r\n')
        later(lambda: later(lambda: later(lambda: c.end())))
    later(lambda: later(second))


server.listen(0, '127.0.0.1', on_listen)
