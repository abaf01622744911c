# IncomingMessage fields that only make sense on one side: url/method on the server, statusCode/statusMessage on the client.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('server req', req.method, req.url, req.statusCode, req.statusMessage, req.complete, req.aborted,
      'upgrade', req.upgrade)
    S('server socket', req.socket is res.socket, req.socket.remoteAddress, req.socket.localAddress)
    res.writeHead(202, {'Content-Length': 0})
    S('writeHead headers in getHeaders', res.getHeaders())
    res.end()


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('client res', res.statusCode, res.statusMessage, res.url, res.method, res.httpVersion,
          'upgrade', res.upgrade)
        res.resume()

        def on_end():
            C('complete', res.complete)
            server.close()
        res.on('end', on_end)
    http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': '/f'}, on_response)


server.listen(0, '127.0.0.1', on_listen)
