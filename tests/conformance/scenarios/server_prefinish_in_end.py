# A response's 'prefinish' comes inside end(), before end() returns: the
# message has its socket and holds nothing back (Node's _finish).  Then
# the write callbacks, 'finish', and what end() put on the next tick.
# Both for end(data) as the only write and for end() after write().
import nodehttp as http
from nodehttp import _tick
from _out import S, C


def handler(req, res):
    tag = req.url
    res.on('prefinish', lambda: S(tag, 'prefinish'))
    res.on('finish', lambda: S(tag, 'finish'))
    if tag == '/written':
        res.write('abc', lambda *a: S(tag, 'write callback'))
    S(tag, 'before end')
    res.end('def', lambda *a: S(tag, 'end callback'))
    S(tag, 'after end')
    _tick.next_tick(lambda: S(tag, 'next tick after end'))


server = http.createServer(handler)


def on_listen():
    port = server.address()['port']

    def on_only(res):
        res.resume()

        def on_end():
            C('/only', 'response', res.statusCode)

            def on_written(res2):
                res2.resume()

                def on_end2():
                    C('/written', 'response', res2.statusCode)
                    server.close()
                res2.on('end', on_end2)
            http.get({'port': port, 'path': '/written', 'agent': False}, on_written)
        res.on('end', on_end)
    http.get({'port': port, 'path': '/only', 'agent': False}, on_only)


server.listen(0, '127.0.0.1', on_listen)
