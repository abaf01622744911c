# Wire level: an HTTP/1.0 request gets a close-delimited answer; two pipelined HTTP/1.1 requests are answered in order.
import nodehttp as http
from nodehttp import net
from _out import S, C


def handler(req, res):
    S('request', req.httpVersion, req.url, req.headers.get('connection'))
    if req.url == '/chunky':
        res.write('a')
        res.end('b')
    else:
        res.end('body of ' + req.url)


server = http.createServer(handler)


def raw(label, text, next_):
    sock = net.connect(server.address()['port'], '127.0.0.1', lambda: sock.write(text))
    got = []
    sock.on('data', lambda d: got.append(d))

    def on_close(*a):
        C(label, [l for l in b''.join(got).decode('latin1').split('\r\n') if not l.startswith('Date:')])
        next_()
    sock.on('close', on_close)


def on_listen():
    raw('http/1.0', 'GET /chunky HTTP/1.0\r\n\r\n',
        lambda: raw('pipelined', 'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
                    lambda: server.close()))


server.listen(0, '127.0.0.1', on_listen)
