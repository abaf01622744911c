# http.request() misuse throws synchronously: bad method, unescaped path, wrong protocol, bad header; req.end twice.
import nodehttp as http
from _out import M


def attempt(label, fn):
    try:
        fn()
        M(label, 'ok')
    except Exception as err:
        M(label, err.name, err.code, err.message)


agent = http.Agent()
attempt('bad method', lambda: http.request({'host': '127.0.0.1', 'port': 1, 'method': 'BAD METHOD', 'agent': agent}))
attempt('unescaped path', lambda: http.request({'host': '127.0.0.1', 'port': 1, 'path': '/a b', 'agent': agent}))
attempt('https protocol', lambda: http.request({'host': '127.0.0.1', 'port': 1, 'protocol': 'https:', 'agent': agent}))
attempt('bad header name', lambda: http.request({'host': '127.0.0.1', 'port': 1, 'headers': {'bad name': 'x'}, 'agent': agent}))
attempt('bad header value', lambda: http.request({'host': '127.0.0.1', 'port': 1, 'headers': {'x-a': 'a\nb'}, 'agent': agent}))
attempt('invalid url', lambda: http.request('not a url'))
M('done')
