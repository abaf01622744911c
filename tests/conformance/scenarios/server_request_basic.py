# The server's 'request': method, url, httpVersion, headers, rawHeaders; the client's view of the response.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.method, req.url, req.httpVersion, req.httpVersionMajor, req.httpVersionMinor)
    S('headers', req.headers)
    S('rawHeaders', req.rawHeaders)
    res.writeHead(200, {'Content-Type': 'text/plain', 'X-Custom': 'yes'})
    res.end('okay')


server = http.createServer(handler)


def on_listening():
    port = server.address()['port']
    body = []

    def on_response(res):
        C('status', res.statusCode, res.statusMessage, res.httpVersion)
        C('headers', res.headers)
        C('rawHeaders', res.rawHeaders)
        res.setEncoding('utf8')
        res.on('data', lambda chunk: body.append(chunk))

        def on_end():
            C('body', ''.join(body))
            server.close()
        res.on('end', on_end)

    req = http.request({'host': '127.0.0.1', 'port': port, 'path': '/a/b?c=d', 'headers': {'X-Foo': 'bar'}}, on_response)
    req.end()


server.listen(0, '127.0.0.1', on_listening)
