# res.writeHead(status, message, headers) and res.statusCode/statusMessage as properties.
import nodehttp as http
from _out import S, C


def handler(req, res):
    if req.url == '/a':
        res.writeHead(201, 'Made It', {'X-A': '1', 'Content-Length': 2})
        S('a', res.statusCode, res.statusMessage, res.headersSent)
        res.end('ok')
    else:
        S('b default', res.statusCode, res.statusMessage)
        res.statusCode = 404
        res.statusMessage = 'Nope'
        res.end()


server = http.createServer(handler)


def on_listen():
    port = server.address()['port']

    def on_a(res):
        C('a', res.statusCode, res.statusMessage, res.headers.get('x-a'), res.headers.get('content-length'))
        res.resume()

        def on_end():
            def on_b(res2):
                C('b', res2.statusCode, res2.statusMessage, res2.headers.get('content-length'))
                res2.resume()
                res2.on('end', lambda: server.close())
            http.get({'host': '127.0.0.1', 'port': port, 'path': '/b'}, on_b)
        res.on('end', on_end)

    http.get({'host': '127.0.0.1', 'port': port, 'path': '/a'}, on_a)


server.listen(0, '127.0.0.1', on_listen)
