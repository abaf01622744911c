# OutgoingMessage state on both sides: cork()/uncork() and writableCorked, writableLength, writableHighWaterMark,
# writableObjectMode; setHeaders(); pipe(); req.setNoDelay()/setSocketKeepAlive(); res.strictContentLength.
import nodehttp as http
from _out import S, C


def handler(req, res):
    body = []
    req.setEncoding('utf8')
    req.on('data', body.append)

    def on_end():
        S(req.url, 'body', ''.join(body), 'x-set', req.headers.get('x-set'), req.headers.get('x-other'))
        if req.url == '/strict':
            res.strictContentLength = True
            res.setHeader('Content-Length', 5)
            res.write('12')
            try:
                res.write('3456')
            except Exception as err:
                S('write too much', err)
            try:
                res.end('3')
            except Exception as err:
                S('end too short', err)
            res.end('345')
            return
        S('strictContentLength', res.strictContentLength, 'writableObjectMode', res.writableObjectMode,
          'writableHighWaterMark', res.writableHighWaterMark)
        res.once('error', lambda err: S('pipe() emits', err))
        res.pipe()
        res.setHeaders({'X-Set': 'one', 'X-Other': ['a', 'b']})   # Node: a Map or Headers
        S('getHeaders', res.getHeaders())
        res.cork()
        res.cork()
        S('corked', res.writableCorked)
        res.write('a')
        res.write('b')
        res.uncork()
        S('corked', res.writableCorked)
        res.uncork()
        S('corked', res.writableCorked)
        res.end('c')
    req.on('end', on_end)


server = http.createServer(handler)


def post(path, next_):
    def on_response(res):
        body = []
        res.setEncoding('utf8')
        res.on('data', body.append)

        def on_end():
            C(path, res.statusCode, res.headers.get('content-length'), res.headers.get('x-set'),
              res.headers.get('x-other'), ''.join(body))
            next_()
        res.on('end', on_end)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'path': path, 'method': 'POST'},
                       on_response)
    C('req writableHighWaterMark', req.writableHighWaterMark, 'writableObjectMode', req.writableObjectMode,
      'writableLength', req.writableLength)
    req.setNoDelay(True)
    req.setSocketKeepAlive(True, 1000)
    req.setHeaders({'X-Set': 'req'})
    req.cork()
    C('req corked', req.writableCorked)
    req.write('hello ')
    req.write('world')
    req.uncork()
    C('req corked', req.writableCorked)
    req.end()


server.listen(0, '127.0.0.1', lambda: post('/state', lambda: post('/strict', lambda: server.close())))
