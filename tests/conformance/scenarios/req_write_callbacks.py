# Client req.write(chunk, cb) / req.end(chunk, cb) callbacks, 'finish', 'response', 'close' in order.
import nodehttp as http
from _out import S, C


def handler(req, res):
    body = []
    req.setEncoding('utf8')
    req.on('data', lambda d: body.append(d))

    def on_end():
        S('body', ''.join(body), req.headers.get('transfer-encoding'))
        res.end('ok')
    req.on('end', on_end)


server = http.createServer(handler)


def on_listen():
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST'})
    C('write returns', req.write('one,', lambda err=None: C('write cb', err)))
    C('headersSent', req.headersSent, req.writableEnded)
    req.end('two', lambda *a: C('end cb'))
    C('after end', req.writableEnded, req.writableFinished, req.finished)
    req.on('finish', lambda: C('finish', req.writableFinished))

    def on_response(res):
        C('response', res.statusCode)
        res.resume()
        res.on('end', lambda: C('res end'))
    req.on('response', on_response)

    def on_close():
        C('req close')
        server.close()
    req.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
