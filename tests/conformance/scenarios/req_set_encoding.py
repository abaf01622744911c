# req.setEncoding('utf8'|'hex'): 'data' gets strings, decoded across chunk boundaries.
import nodehttp as http
from _out import S, C


def handler(req, res):
    req.setEncoding('hex' if req.url == '/hex' else 'utf8')
    s = []

    def on_data(c):
        s.append(c)
        S('data type', req.url, 'string' if isinstance(c, str) else type(c).__name__)
    req.on('data', on_data)

    def on_end():
        S('body', req.url, ''.join(s))
        res.end()
    req.on('end', on_end)


server = http.createServer(handler)


def on_listen():
    port = server.address()['port']
    euro = '\u20ac!'.encode('utf8')

    def on_res(res):
        res.resume()

        def on_end():
            def on_res2(res2):
                res2.resume()

                def done():
                    C('done')
                    server.close()
                res2.on('end', done)
            req2 = http.request({'host': '127.0.0.1', 'port': port, 'method': 'PUT', 'path': '/hex'}, on_res2)
            req2.end(bytes([0xde, 0xad]))
        res.on('end', on_end)

    req = http.request({'host': '127.0.0.1', 'port': port, 'method': 'PUT', 'path': '/utf8'}, on_res)
    req.end(euro)


server.listen(0, '127.0.0.1', on_listen)
