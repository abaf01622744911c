# A server answering HEAD: res.end(body) sends no body, Content-Length stays; req.flushHeaders on the client.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.method)
    res.setHeader('Content-Type', 'text/plain')
    res.end('this body is not sent for HEAD')


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('response', res.statusCode, res.headers.get('content-length'), res.headers.get('transfer-encoding'))
        n = [0]
        res.on('data', lambda d: n.__setitem__(0, n[0] + len(d)))

        def on_end():
            C('end', n[0])
            server.close()
        res.on('end', on_end)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'HEAD'}, on_response)
    req.flushHeaders()
    C('headersSent after flushHeaders', req.headersSent)
    req.end()


server.listen(0, '127.0.0.1', on_listen)
