# The server drops the connection mid-body: client res 'aborted', 'error' ECONNRESET 'aborted', 'close'.
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.writeHead(200, {'Content-Length': 100})

    def destroy(*a):
        S('destroying socket')
        res.socket.destroy()
    res.write('only part', destroy)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('response', res.statusCode, res.headers.get('content-length'))
        body = []
        res.setEncoding('utf8')
        res.on('data', lambda d: body.append(d))
        res.on('aborted', lambda: C('res aborted', ''.join(body)))
        res.on('error', lambda err: C('res error', err.code, err.message))
        res.on('end', lambda: C('res end (must not fire)'))

        def on_close():
            C('res close', res.complete, ''.join(body))
            server.close()
        res.on('close', on_close)
    req = http.get({'host': '127.0.0.1', 'port': server.address()['port']}, on_response)
    req.on('error', lambda err: C('req error', err.code, err.message))


server.listen(0, '127.0.0.1', on_listen)
