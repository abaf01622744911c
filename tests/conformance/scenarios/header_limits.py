# Header limits: server.maxHeadersCount and request.maxHeadersCount trim the headers kept; the server's
# maxHeaderSize option answers 431; the client's maxHeaderSize option fails the request (HPE_HEADER_OVERFLOW).
import nodehttp as http
from _out import S, C, M

M('http.maxHeaderSize', http.maxHeaderSize)


def handler(req, res):
    S(req.url, 'rawHeaders', len(req.rawHeaders) // 2, list(req.headers))
    if req.url == '/big-response':
        res.setHeader('X-Big', 'b' * 250)
    res.setHeader('X-A', '1')
    res.setHeader('X-B', '2')
    res.end('ok')


server = http.createServer({'maxHeaderSize': 300}, handler)
M('default maxHeadersCount', server.maxHeadersCount)
server.maxHeadersCount = 3


def get(path, options, next_):
    def on_response(res):
        C(path, res.statusCode, 'rawHeaders', len(res.rawHeaders) // 2, list(res.headers))
        res.resume()
        res.on('end', next_)
    req = http.get(dict({'host': '127.0.0.1', 'port': server.address()['port'], 'path': path}, **options),
                   on_response)
    req.on('error', lambda err: C(path, 'error', err))

    def on_close():
        if not req.res:
            next_()
    req.on('close', on_close)
    return req


def on_listen():
    headers = {'X-1': 'a', 'X-2': 'b', 'X-3': 'c', 'X-4': 'd', 'Connection': 'close'}
    steps = [
        # only the first 3 header lines count: Host (sent after them) is lost, so the server answers 400
        ['/count', {'headers': headers}],
        ['/count-host', {'headers': dict({'Host': 'h'}, **headers)}],
        ['/too-big', {'headers': {'X-Long': 'l' * 400, 'Connection': 'close'}}],
        ['/big-response', {'maxHeaderSize': 200, 'headers': {'Connection': 'close'}}],
        ['/client-count', {'headers': {'Connection': 'close'}}],
    ]

    def next_():
        if not steps:
            return server.close()
        path, options = steps.pop(0)
        req = get(path, options, next_)
        if path == '/client-count':
            C('request.maxHeadersCount', req.maxHeadersCount)
            req.maxHeadersCount = 2
    next_()


server.listen(0, '127.0.0.1', on_listen)
