# res.setHeader/getHeader/getHeaders/getHeaderNames/hasHeader/removeHeader/headersSent.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('headersSent', res.headersSent)
    res.setHeader('Content-Type', 'text/html')
    res.setHeader('X-Num', 42)
    res.setHeader('Set-Cookie', ['type=ninja', 'language=javascript'])
    res.setHeader('X-Gone', 'soon')
    S('getHeader', res.getHeader('content-type'), res.getHeader('X-NUM'), 'number' if isinstance(res.getHeader('x-num'), int) else 'other')
    S('getHeader cookie', res.getHeader('set-cookie'))
    S('getHeader missing', res.getHeader('x-missing'))
    S('hasHeader', res.hasHeader('X-Gone'), res.hasHeader('x-nope'))
    res.removeHeader('x-gone')
    S('hasHeader after remove', res.hasHeader('X-Gone'))
    S('getHeaderNames', res.getHeaderNames())
    S('getHeaders', res.getHeaders())
    res.end('ok')
    S('headersSent after end', res.headersSent)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('headers', res.headers)
        res.resume()
        res.on('end', lambda: server.close())
    http.get({'host': '127.0.0.1', 'port': server.address()['port']}, on_response)


server.listen(0, '127.0.0.1', on_listen)
