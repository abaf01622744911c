# Back-pressure on both sides: write() past the high-water mark returns false with writableNeedDrain true,
# and 'drain' comes once the peer reads.  (nodehttp: such a write does not block on the connection's own
# thread while the peer may still be waiting for it: the request body not yet all read, the response not yet over.)
import nodehttp as http
from _out import S, C, later

BIG = 16 * 1024 * 1024


def drained(log, what, msg):
    log(what, 'drain', 'writableNeedDrain', msg.writableNeedDrain)


def handler(req, res):
    if req.url == '/download':
        # the request body is still coming: the response is written from the connection's own thread
        ok = res.write(b'x' * BIG)
        S('res.write', ok, 'writableNeedDrain', res.writableNeedDrain)

        def on_drain():
            drained(S, 'res', res)
            res.end()
        res.once('drain', on_drain)
        req.resume()
        req.on('end', lambda: S('download request body over'))
    else:
        res.writeHead(200)
        res.flushHeaders()

        # read the upload only after a while: the client's write cannot all be taken at once
        def read():
            got = [0]

            def on_data(d):
                got[0] += len(d)

            def on_end():
                S('upload body', got[0])
                res.end()
            req.on('data', on_data)
            req.on('end', on_end)
        later(read)


server = http.createServer(handler)


def download(next_):
    def on_response(res):
        def read():
            got = [0]

            def on_data(d):
                got[0] += len(d)

            def on_end():
                C('download body', got[0])
                req.end()
                next_()
            res.on('data', on_data)
            res.on('end', on_end)
        later(read)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'path': '/download',
                        'method': 'POST'}, on_response)
    req.write('not over yet')


def upload():
    def on_response(res):
        # the response has begun: the body goes from the response's own thread
        ok = req.write(b'y' * BIG)
        C('req.write', ok, 'writableNeedDrain', req.writableNeedDrain)

        def on_drain():
            drained(C, 'req', req)
            req.end()
        req.once('drain', on_drain)
        res.resume()

        def on_end():
            C('upload response over')
            server.close()
        res.on('end', on_end)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'path': '/upload',
                        'method': 'POST'}, on_response)
    req.flushHeaders()


server.listen(0, '127.0.0.1', lambda: download(upload))
