# req.destroy() inside 'response'.  When the whole body came in the same
# packet as the head, Node's parser had read it all: the response is
# complete and ends (dumped: no 'data'), nothing is aborted.  When the
# body comes later, the response is aborted.
import threading

import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.url)
    if req.url == '/whole':
        res.end('whole body')
    else:
        res.writeHead(200, {'Content-Length': '10'})
        res.write('part')      # the rest never comes


server = http.createServer(handler)


def get(path, nxt):
    holder = {}

    def on_response(res):
        C(path, 'response')
        res.on('aborted', lambda: C(path, 'res aborted'))
        res.on('error', lambda e: C(path, 'res error', e.code))
        res.on('data', lambda d: C(path, 'data', d.decode()))
        res.on('end', lambda: C(path, 'res end'))
        res.on('close', lambda: C(path, 'res close, complete', res.complete))
        holder['req'].destroy()
        C(path, 'after destroy')
    req = holder['req'] = http.get({'port': server.address()['port'], 'path': path,
                                    'agent': False}, on_response)
    req.on('error', lambda e: C(path, 'req error', e.code))

    def on_close():
        C(path, 'req close')
        threading.Timer(0.05, nxt).start()
    req.on('close', on_close)


def done():
    server.closeAllConnections()
    server.close()


server.listen(0, '127.0.0.1', lambda: get('/whole', lambda: get('/split', done)))
