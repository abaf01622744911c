# The client destroys its request mid-response: res 'aborted', res 'error' (ECONNRESET aborted), 'close's; server sees res 'close'.
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.writeHead(200, {'Content-Type': 'text/plain'})
    res.write('first chunk')

    def on_close():
        S('res close', res.writableEnded, res.writableFinished)
        server.close()
    res.on('close', on_close)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('response', res.statusCode)

        def on_data(d):
            C('data', d)
            req.destroy()
            C('destroyed', req.destroyed)
        res.once('data', on_data)
        res.on('aborted', lambda: C('res aborted', res.aborted))
        res.on('error', lambda err: C('res error', err.code, err.message))
        res.on('end', lambda: C('res end (must not fire)'))
        res.on('close', lambda: C('res close', res.complete))
    req = http.get({'host': '127.0.0.1', 'port': server.address()['port']}, on_response)
    req.on('error', lambda err: C('req error', err.code, err.message))
    req.on('close', lambda: C('req close'))


server.listen(0, '127.0.0.1', on_listen)
