# 'checkExpectation' for an Expect other than 100-continue; without a listener the server sends 417.
import json

import nodehttp as http
from _out import S, C


def run(with_listener, next_):
    server = http.createServer(lambda req, res: S('request event (must not fire)'))
    if with_listener:
        def on_check(req, res):
            S('checkExpectation', req.headers['expect'])
            res.writeHead(402, {'X-Why': 'custom'})
            res.end('pay')
        server.on('checkExpectation', on_check)

    def on_listen():
        def on_response(res):
            C('listener' if with_listener else 'default', res.statusCode, res.statusMessage, res.headers.get('x-why'))
            res.setEncoding('utf8')
            b = []
            res.on('data', lambda d: b.append(d))

            def on_end():
                C('body', json.dumps(''.join(b)))
                server.close(next_)
            res.on('end', on_end)
        http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'headers': {'Expect': 'something-else'}}, on_response)
    server.listen(0, '127.0.0.1', on_listen)


run(True, lambda *a: run(False, lambda *a: C('done')))
