# The client goes away mid-request-body: server req 'aborted', 'error' ECONNRESET 'aborted', 'close'; res 'close'.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.headers['content-length'])
    got = []
    req.setEncoding('utf8')

    def on_data(d):
        got.append(d)
        S('data', d)
        res.writeHead(200)
        res.flushHeaders()  # tell the client to go away
    req.on('data', on_data)
    req.on('aborted', lambda: S('req aborted', req.aborted))
    req.on('error', lambda err: S('req error', err.code, err.message))
    req.on('end', lambda: S('req end (must not fire)'))
    req.on('close', lambda: S('req close', req.complete, ''.join(got)))

    def on_res_close():
        S('res close', res.writableEnded)
        server.close()
    res.on('close', on_res_close)


server = http.createServer(handler)


def on_listen():
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST',
                        'headers': {'Content-Length': 50}})
    req.on('error', lambda err: C('req error', err.code, err.message))

    def on_response(res):
        C('response', res.statusCode)
        res.on('error', lambda err: C('res error', err.code, err.message))
        req.destroy()
        C('client destroyed')
    req.on('response', on_response)
    req.on('close', lambda: C('req close'))
    req.write('partial')


server.listen(0, '127.0.0.1', on_listen)
