# Writing to a response after end(): within the handler, an end('x') or a
# write() gets ERR_STREAM_WRITE_AFTER_END on the next tick, its callback
# first and then 'error'; end('') is no chunk (nothing), empty bytes are one
# (an error).  Once the response is closed (destroyed), end('x') does
# nothing at all and write() only calls its callback.
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.on('error', lambda e: S('error', e.code))

    def on_close():
        S('close')
        res.end('late', lambda *a: S('late end callback'))
        res.write('late', lambda e=None: S('late write callback', e and e.code))
        server.close()
    res.on('close', on_close)
    res.end('a')
    res.end('')
    res.end(b'', lambda e=None: S('end callback', e and e.code))
    res.write('b', lambda e=None: S('write callback', e and e.code))
    S('handler returns')


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        res.setEncoding('latin1')
        body = []
        res.on('data', body.append)
        res.on('end', lambda: C('response', res.statusCode, ''.join(body)))
    http.get({'port': server.address()['port'], 'agent': False}, on_response)


server.listen(0, '127.0.0.1', on_listen)
