# A client response destroyed with an error mid-body: 'aborted' at once,
# then the request's 'error' (its socket's error listener), the
# response's 'error' and 'close', and last the request's 'close' (the
# socket's 'close' comes after the ticks that the error left).
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.writeHead(200)
    res.write('partial')
    S('request', req.url)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        res.on('aborted', lambda: C('res aborted'))
        res.on('error', lambda e: C('res error', str(e)))
        res.on('close', lambda: C('res close'))
        res.on('end', lambda: C('res end'))

        def on_data(d):
            C('data', d.decode())
            res.destroy(Exception('boom'))
            C('after destroy')
        res.once('data', on_data)
    req = http.get({'port': server.address()['port'], 'agent': False}, on_response)
    req.on('error', lambda e: C('req error', str(e)))

    def on_close():
        C('req close')
        server.closeAllConnections()
        server.close()
    req.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
