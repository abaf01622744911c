# res.writeEarlyHints() -> client 'information' (103, headers), then the final response.
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.writeEarlyHints({'link': '</styles.css>; rel=preload; as=style', 'x-trace-id': 'id for diagnostics'}, lambda *a: S('early hints written'))
    S('headersSent after hints', res.headersSent)
    res.writeProcessing()
    res.end('final')


server = http.createServer(handler)


def on_listen():
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port']})
    req.on('information', lambda info: C('information', info['statusCode'], info['statusMessage'], info['httpVersion'], info['headers'], info['rawHeaders']))

    def on_response(res):
        C('response', res.statusCode)
        res.setEncoding('utf8')
        res.on('data', lambda d: C('data', d))
        res.on('end', lambda: server.close())
    req.on('response', on_response)
    req.end()


server.listen(0, '127.0.0.1', on_listen)
