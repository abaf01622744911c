# http.request(url, options, cb): the URL's parts merged with options; auth -> Authorization; setHost/headers.
from urllib.parse import urlsplit

import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.method, req.url, req.headers.get('authorization'), req.headers.get('host') is None, req.headers.get('x-opt'))
    res.end()


server = http.createServer({'requireHostHeader': False}, handler)


def on_listen():
    port = server.address()['port']
    url = 'http://user:pa%%20ss@127.0.0.1:%d/path/x?a=1&b=2#frag' % port

    def on_response(res):
        C('response', res.statusCode)
        res.resume()

        def on_end():
            def on_res2(res2):
                C('URL object', res2.statusCode)
                res2.resume()
                res2.on('end', lambda: server.close())
            http.get(urlsplit('http://127.0.0.1:%d/from-url-object' % port), on_res2)
        res.on('end', on_end)
    req = http.request(url, {'method': 'DELETE', 'headers': {'X-Opt': 'o'}, 'setHost': False}, on_response)
    C('req', req.method, req.path, req.host)
    req.end()


server.listen(0, '127.0.0.1', on_listen)
