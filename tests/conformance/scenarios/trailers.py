# Trailers both ways: req.addTrailers -> server req.trailers/rawTrailers; res.addTrailers -> client res.trailers.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('trailers before end', req.trailers)
    req.resume()

    def on_end():
        S('trailers', req.trailers)
        S('rawTrailers', req.rawTrailers)
        res.writeHead(200, {'Content-Type': 'text/plain', 'Trailer': 'Content-MD5'})
        res.write('body')
        res.addTrailers({'Content-MD5': '7895bf4b8828b55ceaf47747b4bca667'})
        res.end()
    req.on('end', on_end)


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        C('te', res.headers.get('transfer-encoding'), res.headers.get('trailer'))
        res.resume()

        def on_end():
            C('trailers', res.trailers)
            C('rawTrailers', res.rawTrailers)
            server.close()
        res.on('end', on_end)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': 'POST',
                        'headers': {'Trailer': 'X-Check'}}, on_response)
    req.write('abc')
    req.addTrailers({'X-Check': 'ok'})
    req.end()


server.listen(0, '127.0.0.1', on_listen)
