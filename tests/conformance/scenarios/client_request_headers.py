# ClientRequest header API: setHeader/getHeader/getHeaderNames/getRawHeaderNames/hasHeader/removeHeader; path, method, host.
import nodehttp as http
from _out import S, C


def handler(req, res):
    raw = req.rawHeaders
    S('rawHeaders', [v for i, v in enumerate(raw) if raw[i - (i % 2)] != 'Host'])
    S('url', req.method, req.url)
    res.end()


server = http.createServer(handler)


def on_listen():
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'PATCH', 'path': '/p?q=1',
                        'headers': {'X-Initial': 'i'}})
    req.setHeader('X-Foo', 'bar')
    req.setHeader('x-list', ['a', 'b'])
    req.setHeader('X-Gone', '1')
    req.removeHeader('x-gone')
    C('getHeader', req.getHeader('x-foo'), req.getHeader('X-LIST'), req.getHeader('x-gone'))
    C('hasHeader', req.hasHeader('X-Initial'), req.hasHeader('x-gone'))
    C('getHeaderNames', req.getHeaderNames())
    C('getRawHeaderNames', req.getRawHeaderNames())
    C('getHeaders', req.getHeaders())
    C('props', req.path, req.method, req.host, req.protocol)
    req.end()

    def on_response(res):
        C('response', res.statusCode)
        res.resume()
        res.on('end', lambda: server.close())
    req.on('response', on_response)


server.listen(0, '127.0.0.1', on_listen)
