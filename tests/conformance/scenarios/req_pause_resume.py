# req.pause()/isPaused()/resume(): no 'data' while paused; the body flows after resume().
# The resume comes from the response's 'timeout' (the connection idles while paused).
import json

import nodehttp as http
from _out import S, C


def handler(req, res):
    got = []
    req.pause()
    S('isPaused', req.isPaused())
    req.on('data', lambda c: got.append(c.decode()))
    S('paused after on(data)', req.isPaused())

    def later(*a):
        res.setTimeout(0)
        S('got while paused', json.dumps(''.join(got)))
        req.resume()
        S('isPaused after resume', req.isPaused())

        def on_end():
            S('body', ''.join(got))
            res.end('ok')
        req.on('end', on_end)
    res.setTimeout(100, later)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('status', res.statusCode)
        res.resume()
        res.on('end', lambda: server.close())
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST'}, on_response)
    req.end('paused body')


server.listen(0, '127.0.0.1', on_listen)
