# No server 'upgrade' listener: the request goes to 'request'. No server 'connect' listener: the socket is closed.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.method, req.headers.get('upgrade'))
    res.end('plain answer')


server = http.createServer(handler)


def on_listen():
    port = server.address()['port']
    req = http.request({'host': '127.0.0.1', 'port': port, 'headers': {'Connection': 'Upgrade', 'Upgrade': 'websocket'}})
    req.on('upgrade', lambda *a: C('upgrade (must not fire)'))

    def on_response(res):
        C('response', res.statusCode)
        res.setEncoding('utf8')
        res.on('data', lambda d: C('data', d))

        def on_end():
            creq = http.request({'host': '127.0.0.1', 'port': port, 'method': 'CONNECT', 'path': 'example.invalid:443'})
            creq.on('connect', lambda *a: C('connect (must not fire)'))
            creq.on('response', lambda *a: C('response (must not fire)'))
            creq.on('error', lambda err: C('connect error', err.code, err.message))

            def on_close():
                C('connect close')
                server.close()
            creq.on('close', on_close)
            creq.end()
        res.on('end', on_end)
    req.on('response', on_response)
    req.end()


server.listen(0, '127.0.0.1', on_listen)
