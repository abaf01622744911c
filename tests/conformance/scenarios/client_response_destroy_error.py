# A client response destroyed mid-body.  With an error: 'aborted' at once,
# then the request's 'error' (its socket's error listener), the
# response's 'error' and 'close', and last the request's 'close' (the
# socket's 'close' comes after the ticks that the error left).  Without
# one: 'aborted', the response's 'close', then the request's.
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.writeHead(200)
    res.write('partial')
    S('request', req.url)


server = http.createServer(handler)


def get(path, err, nxt):
    def on_response(res):
        res.on('aborted', lambda: C(path, 'res aborted'))
        res.on('error', lambda e: C(path, 'res error', str(e)))
        res.on('close', lambda: C(path, 'res close'))
        res.on('end', lambda: C(path, 'res end'))

        def on_data(d):
            C(path, 'data', d.decode())
            res.destroy(err)
            C(path, 'after destroy')
        res.once('data', on_data)
    req = http.get({'port': server.address()['port'], 'path': path, 'agent': False}, on_response)
    req.on('error', lambda e: C(path, 'req error', str(e)))

    def on_close():
        C(path, 'req close')
        nxt()
    req.on('close', on_close)


def done():
    server.closeAllConnections()
    server.close()


server.listen(0, '127.0.0.1', lambda: get('/error', Exception('boom'),
                                          lambda: get('/plain', None, done)))
