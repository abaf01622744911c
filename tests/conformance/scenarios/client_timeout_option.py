# The request's timeout option: 'timeout' fires on an idle socket; the listener destroys with an Error of its own.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request')
    res.writeHead(200)
    res.flushHeaders()  # then nothing


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('response', res.statusCode)
        res.on('data', lambda d: C('data (must not fire)'))
        res.on('error', lambda err: C('res error', err.code, err.message))

        def on_close():
            C('res close')
            server.close()
            server.closeAllConnections()
        res.on('close', on_close)
    req = http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'timeout': 150}, on_response)

    def on_timeout():
        C('timeout', req.timeout)
        req.destroy(Exception('gave up'))
    req.on('timeout', on_timeout)
    req.on('error', lambda err: C('req error', getattr(err, 'code', None), getattr(err, 'message', str(err))))
    req.on('close', lambda: C('req close'))


server.listen(0, '127.0.0.1', on_listen)
