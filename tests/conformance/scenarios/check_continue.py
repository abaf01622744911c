# 'checkContinue' on the server, 'continue' on the client (Expect: 100-continue).
import nodehttp as http
from _out import S, C

server = http.createServer(lambda req, res: S('request event (must not fire)'))


def on_check_continue(req, res):
    S('checkContinue', req.headers['expect'])
    res.writeContinue()
    body = []
    req.setEncoding('utf8')
    req.on('data', lambda c: body.append(c))

    def on_end():
        S('body', ''.join(body))
        res.end('thanks')
    req.on('end', on_end)


server.on('checkContinue', on_check_continue)


def on_listen():
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST',
                        'headers': {'Expect': '100-continue'}})

    def on_continue():
        C('continue')
        req.end('the body')
    req.on('continue', on_continue)
    req.on('information', lambda info: C('information', info['statusCode']))

    def on_response(res):
        C('response', res.statusCode)
        res.setEncoding('utf8')
        res.on('data', lambda d: C('data', d))
        res.on('end', lambda: server.close())
    req.on('response', on_response)


server.listen(0, '127.0.0.1', on_listen)
