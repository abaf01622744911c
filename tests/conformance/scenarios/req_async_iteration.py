# Reading a request body by iteration (for await ... of req in Node, for chunk in req in Python).
import nodehttp as http
from _out import S, C


def handler(req, res):
    chunks = []
    for chunk in req:
        chunks.append(chunk)
    S('body', b''.join(chunks), req.complete)
    res.end('len=%d' % len(b''.join(chunks)))


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        res.setEncoding('utf8')
        res.on('data', lambda d: C('response', d))
        res.on('end', lambda: server.close())
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST'}, on_response)
    req.write('a' * 5)
    req.end('b' * 5)


server.listen(0, '127.0.0.1', on_listen)
