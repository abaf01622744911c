# res.write() without a length: chunked transfer-coding; write() returns true; the body arrives whole.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('write1', res.write('hello '))
    S('write2', res.write(b'big '))
    S('headersSent', res.headersSent)
    res.end('world')


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('te', res.headers.get('transfer-encoding'), res.headers.get('content-length'))
        chunks = []
        res.on('data', lambda c: chunks.append(c))

        def on_end():
            C('body', b''.join(chunks))
            server.close()
        res.on('end', on_end)
    http.get({'host': '127.0.0.1', 'port': server.address()['port']}, on_response)


server.listen(0, '127.0.0.1', on_listen)
