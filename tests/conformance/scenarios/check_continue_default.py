# No 'checkContinue' listener: the server answers 100 Continue itself, then 'request'.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.headers['expect'])
    req.setEncoding('utf8')
    body = []
    req.on('data', lambda c: body.append(c))
    req.on('end', lambda: res.end('echo:' + ''.join(body)))


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('response', res.statusCode)
        res.setEncoding('utf8')
        res.on('data', lambda d: C('data', d))
        res.on('end', lambda: server.close())
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'PUT',
                        'headers': {'Expect': '100-continue'}}, on_response)

    def on_continue():
        C('continue')
        req.end('xyz')
    req.on('continue', on_continue)


server.listen(0, '127.0.0.1', on_listen)
