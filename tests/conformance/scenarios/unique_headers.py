# The uniqueHeaders option (server and client): a list value of a named header goes out as one '; '-joined line.
import nodehttp as http
from _out import S, C, M

for v in [0, 1.5, '2', 3]:
    try:
        http.setMaxIdleHTTPParsers(v)
        M('setMaxIdleHTTPParsers', v, 'ok')
    except Exception as e:
        M('setMaxIdleHTTPParsers', v, e)
try:
    http.createServer({'uniqueHeaders': [7]})
except TypeError:
    M('createServer [7]', 'TypeError')


def handler(req, res):
    raw = req.rawHeaders
    S('rawHeaders', [v for i, v in enumerate(raw) if raw[i - (i % 2)] != 'Host'])
    res.setHeader('X-Unique', ['a', 'b'])
    res.setHeader('Set-Cookie', ['s=1', 't=2'])
    res.setHeader('X-Other', ['c', 'd'])
    res.appendHeader('x-unique', 'e')
    res.end('ok')


server = http.createServer({'uniqueHeaders': ['X-Unique', 'set-cookie']}, handler)


def on_listen():
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'uniqueHeaders': ['x-unique'],
                        'headers': {'X-Unique': ['1', '2'], 'X-Other': ['3', '4']}})
    req.appendHeader('X-UNIQUE', ['5'])
    C('getHeader', req.getHeader('x-unique'))
    req.end()

    def on_response(res):
        raw = res.rawHeaders
        C('rawHeaders', [v for i, v in enumerate(raw) if raw[i - (i % 2)] != 'Date'])
        C('headers', res.headers['x-unique'], res.headers['set-cookie'], res.headers['x-other'])
        res.resume()
        res.on('end', lambda: server.close())
    req.on('response', on_response)


server.listen(0, '127.0.0.1', on_listen)
