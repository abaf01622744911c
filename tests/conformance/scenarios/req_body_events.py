# Server-side request body: 'data' (Buffers), 'end', then req 'close'; readableEnded/complete.
import nodehttp as http
from _out import S, C


def handler(req, res):
    chunks = []
    S('complete at start', req.complete)
    req.on('data', lambda c: chunks.append(c))

    def on_end():
        S('end', b''.join(chunks), isinstance(chunks[0], bytes), req.complete, req.readableEnded)
        res.end('got %d' % len(b''.join(chunks)))
    req.on('end', on_end)

    def on_close():
        S('req close')
        server.close()
    req.on('close', on_close)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        res.setEncoding('utf8')
        res.on('data', lambda d: C('response body', d))
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST',
                        'headers': {'Content-Length': 11}}, on_response)
    req.write('hello ')
    req.end('world')


server.listen(0, '127.0.0.1', on_listen)
