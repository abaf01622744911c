# HEAD, 204 and 304 on the client: no body is read even when a Content-Length is announced.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.method, req.url)
    if req.url == '/head':
        res.writeHead(200, {'Content-Length': 11, 'Content-Type': 'text/plain'})
        res.end(None if req.method == 'HEAD' else 'hello world')
    elif req.url == '/204':
        res.writeHead(204)
        res.end()
    else:
        res.writeHead(304, {'ETag': '"abc"'})
        res.end()


server = http.createServer(handler)
agent = http.Agent({'keepAlive': True, 'maxSockets': 1})


def go(method, path, next_):
    def on_response(res):
        C(method, path, res.statusCode, res.headers.get('content-length'), res.headers.get('transfer-encoding'), res.headers.get('etag'))
        n = [0]
        res.on('data', lambda d: n.__setitem__(0, n[0] + len(d)))

        def on_end():
            C('end', path, n[0], req.reusedSocket)
            next_()
        res.on('end', on_end)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': method, 'path': path, 'agent': agent}, on_response)
    req.end()


def finish():
    agent.destroy()
    server.close()


server.listen(0, '127.0.0.1', lambda: go('HEAD', '/head', lambda: go('GET', '/204', lambda: go('GET', '/304', lambda: go('GET', '/head', finish)))))
