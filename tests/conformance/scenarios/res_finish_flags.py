# res.finished/writableEnded/writableFinished around end(), then 'finish' and 'close'; end(cb).
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('before', res.finished, res.writableEnded, res.writableFinished)
    res.on('finish', lambda: S('finish', res.finished, res.writableEnded, res.writableFinished))

    def on_close():
        S('close', res.writableFinished)
        server.close()
    res.on('close', on_close)
    res.end('done', lambda *a: S('end callback'))
    S('after end()', res.finished, res.writableEnded)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        res.setEncoding('utf8')
        res.on('data', lambda d: C('data', d))
        res.on('end', lambda: C('end'))
    http.get({'host': '127.0.0.1', 'port': server.address()['port']}, on_response)


server.listen(0, '127.0.0.1', on_listen)
