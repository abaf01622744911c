# Client parser options against a raw server: joinDuplicateHeaders joins repeated singleton headers;
# insecureHTTPParser accepts a header value the strict parser refuses; headersDistinct / trailersDistinct.
import json

import nodehttp as http
from nodehttp import net
from _out import S, tag

RESPONSE = ('HTTP/1.1 200 OK\r\nContent-Type: text/a\r\nContent-Type: text/b\r\nX-Multi: 1\r\nX-Multi: 2\r\n'
            'Transfer-Encoding: chunked\r\nTrailer: X-T\r\nConnection: close\r\n')


def on_connection(socket):
    def on_data(d):
        path = d.decode('latin1').split(' ')[1]
        S('request', path)
        extra = 'X-Bad: a\x01b\r\n' if path.startswith('/bad') else ''
        socket.end(RESPONSE + extra + '\r\n2\r\nok\r\n0\r\nX-T: t1\r\nX-T: t2\r\n\r\n', 'latin1')
    socket.once('data', on_data)


server = net.createServer(on_connection)


def get(path, options, next_):
    C = tag('C ' + path + ' ' + json.dumps(options, separators=(',', ':')))

    def on_response(res):
        C('content-type', res.headers.get('content-type'), 'x-multi', res.headers.get('x-multi'),
          'x-bad', 'none' if res.headers.get('x-bad') is None else json.dumps(res.headers['x-bad']))
        C('headersDistinct', res.headersDistinct.get('content-type'), res.headersDistinct.get('x-multi'))
        res.resume()
        res.on('end', lambda: C('trailers', res.trailers, 'trailersDistinct', res.trailersDistinct))
    req = http.get(dict({'host': '127.0.0.1', 'port': server.address()['port'], 'path': path}, **options),
                   on_response)
    req.on('error', lambda err: C('error', err))
    req.on('close', next_)


def go():
    get('/plain', {}, lambda: get('/joined', {'joinDuplicateHeaders': True}, lambda:
        get('/bad', {}, lambda: get('/bad-insecure', {'insecureHTTPParser': True}, lambda: server.close()))))


server.listen(0, '127.0.0.1', go)
