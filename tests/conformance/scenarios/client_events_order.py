# The client's event order: 'socket', 'finish', 'response', res 'data'/'end', req 'close', res 'close'.
import nodehttp as http
from _out import C

server = http.createServer(lambda req, res: res.end('body'))


def on_listen():
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'path': '/order'})
    C('sync: socket', req.socket is None)
    for ev in ['socket', 'finish', 'prefinish', 'close']:
        req.on(ev, lambda *a, ev=ev: C('req', ev))

    def on_response(res):
        C('req response')
        for ev in ['data', 'end', 'close']:
            res.on(ev, lambda *a, ev=ev: C('res', ev))
    req.on('response', on_response)
    req.on('close', lambda: server.close())
    req.end()
    C('sync: end called')


server.listen(0, '127.0.0.1', on_listen)
