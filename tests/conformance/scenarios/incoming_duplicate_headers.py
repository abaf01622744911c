# Duplicate incoming headers: joined with ', ', set-cookie kept as a list, singletons keep the first; rawHeaders as sent.
import nodehttp as http
from nodehttp import net
from _out import S, C


def handler(req, res):
    S('headers', req.headers)
    S('rawHeaders', req.rawHeaders)
    S('headersDistinct', req.headersDistinct)
    res.setHeader('Set-Cookie', ['a=1', 'b=2'])
    res.setHeader('X-List', ['one', 'two'])
    res.end()


server = http.createServer(handler)


def on_listen():
    sock = net.connect(server.address()['port'], '127.0.0.1', lambda: sock.write(
        'GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a: 2\r\nUser-Agent: first\r\nUser-Agent: second\r\n'
        'Cookie: c=1\r\nCookie: d=2\r\nSet-Cookie: s=1\r\nSet-Cookie: t=2\r\nAccept: a\r\nAccept: b\r\n'
        'Content-Type: text/a\r\nContent-Type: text/b\r\nConnection: close\r\n\r\n'))
    got = []
    sock.on('data', lambda d: got.append(d))

    def on_close(*a):
        text = [l for l in b''.join(got).decode('latin1').split('\r\n') if not l.startswith('Date:')]
        C('response', text)
        server.close()
    sock.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
