# res.appendHeader() adds values (arrays too) without replacing; getHeader shows the list.
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.setHeader('X-Multi', 'a')
    res.appendHeader('X-Multi', 'b')
    res.appendHeader('x-multi', ['c', 'd'])
    res.appendHeader('X-New', 'n')
    S('getHeader', res.getHeader('x-multi'), res.getHeader('x-new'))
    res.end()


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('x-multi', res.headers.get('x-multi'), res.headers.get('x-new'))
        raw = res.rawHeaders
        C('raw', [v for i, v in enumerate(raw) if raw[i - (i % 2)].lower().startswith('x-')])
        res.resume()
        res.on('end', lambda: server.close())
    http.get({'host': '127.0.0.1', 'port': server.address()['port']}, on_response)


server.listen(0, '127.0.0.1', on_listen)
