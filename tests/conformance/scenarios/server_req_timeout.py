# Server-side req.setTimeout(ms, cb) / res.setTimeout: 'timeout' on the request; the handler answers 504.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request')

    def on_timeout(*a):
        if res.headersSent:
            return
        S('req timeout callback')
        res.writeHead(504)
        res.end('too slow')
    req.setTimeout(150, on_timeout)
    res.on('timeout', lambda *a: None if res.headersSent else S('res timeout event'))


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('response', res.statusCode)
        res.setEncoding('utf8')
        res.on('data', lambda d: C('data', d))

        def on_end():
            req.destroy()
            server.close()
        res.on('end', on_end)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST'}, on_response)
    req.write('body that never ends')


server.listen(0, '127.0.0.1', on_listen)
