# Misuse on a response throws Node's coded errors: headers sent, invalid status, invalid header name/value.
import nodehttp as http
from _out import S, C


def attempt(label, fn):
    try:
        fn()
        S(label, 'ok')
    except Exception as err:
        S(label, err.name, err.code, err.message)


def handler(req, res):
    attempt('writeHead 1000', lambda: res.writeHead(1000))
    attempt('writeHead 99', lambda: res.writeHead(99))
    attempt('setHeader bad name', lambda: res.setHeader('bad name', 'x'))
    attempt('setHeader bad value', lambda: res.setHeader('x-ok', 'a\r\nb'))
    attempt('setHeader undefined', lambda: res.setHeader('x-ok', None))

    def chain():
        if res.setHeader('x-chain', '1') is not res:
            raise Exception('not chainable')
    attempt('setHeader chain', chain)
    res.writeHead(200, {'Content-Type': 'text/plain'})
    attempt('setHeader after writeHead', lambda: res.setHeader('x-late', '1'))
    attempt('removeHeader after writeHead', lambda: res.removeHeader('content-type'))
    attempt('writeHead twice', lambda: res.writeHead(201))
    res.end('fine')
    attempt('write after end', lambda: res.write('more', lambda err=None: S('write cb', err and err.code)))
    res.on('error', lambda err: S('res error event', err.code, err.message))


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('status', res.statusCode, res.headers.get('x-chain'), res.headers.get('x-late'))
        res.setEncoding('utf8')
        res.on('data', lambda d: C('data', d))
        res.on('end', lambda: server.close())
    http.get({'host': '127.0.0.1', 'port': server.address()['port']}, on_response)


server.listen(0, '127.0.0.1', on_listen)
