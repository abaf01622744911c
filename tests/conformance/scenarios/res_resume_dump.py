# res.resume() without reading dumps the body: 'end' still fires, readableEnded/complete true, no 'data'.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.url)
    res.end('x' * 100000)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('response', res.statusCode, res.headers.get('content-length'))
        C('resume returns res', res.resume() is res)

        def on_end():
            C('end', res.complete, res.readableEnded)
            server.close()
        res.on('end', on_end)
    http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': '/big'}, on_response)


server.listen(0, '127.0.0.1', on_listen)
