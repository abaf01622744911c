# request.abort() (deprecated, still documented): 'abort' once, request.aborted; before the response it is
# followed by 'error' ECONNRESET 'socket hang up' and 'close'; after it, the response gets 'aborted', 'error', 'close'.
import nodehttp as http
from _out import S, tag, later

def handler(req, res):
    S('request', req.url)
    def on_close():
        S(req.url, 'res close')
        if req.url == '/before':
            after(server.address()['port'])   # the server is done with /before
    res.on('close', on_close)
    if req.url == '/before':
        res.writeProcessing()   # a 102: the client aborts when it sees it
    else:
        res.write('part')   # the response begins, never ends


server = http.createServer(handler)


def track(name, req):
    C = tag('C ' + name)
    for ev in ['abort', 'close', 'error']:
        def listener(err=None, ev=ev):
            C('req', ev, err if ev == 'error' else '', 'aborted', req.aborted, 'destroyed', req.destroyed)
        req.on(ev, listener)
    return C


def after(port):
    def on_response(res):
        C = tag('C after')
        res.on('aborted', lambda: C('res aborted'))
        res.on('error', lambda err: C('res error', err))

        def on_close():
            C('res close', res.aborted)
            later(lambda: server.close())
        res.on('close', on_close)

        def on_data(d):
            C('res data', d.decode())
            req.abort()
        res.once('data', on_data)
    req = http.get({'host': '127.0.0.1', 'port': port, 'path': '/after'}, on_response)
    track('after', req)


def on_listen():
    port = server.address()['port']
    before = http.get({'host': '127.0.0.1', 'port': port, 'path': '/before'})
    C = track('before', before)
    C('aborted before abort()', before.aborted)

    def on_information(info):
        C('information', info['statusCode'])
        before.abort()
        C('after abort()', before.aborted, before.destroyed)
        before.abort()   # a second call does nothing
    before.on('information', on_information)


server.listen(0, '127.0.0.1', on_listen)
