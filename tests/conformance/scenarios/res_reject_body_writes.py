# createServer({ rejectNonStandardBodyWrites: true }): a body written to a HEAD, 204 or 304 response throws
# ERR_HTTP_BODY_NOT_ALLOWED; without the option (the default) such a body is dropped silently.
import json

import nodehttp as http
from _out import S, C


def handler(label):
    def on_request(req, res):
        _, status = req.url.split('/')
        res.statusCode = int(status)
        try:
            S(label, req.method, req.url, 'write returns', res.write('body'))
        except Exception as err:
            S(label, req.method, req.url, 'write throws', err)
        try:
            res.end('more')
        except Exception as err:
            S(label, req.method, req.url, 'end throws', err)
            res.end()
    return on_request


strict = http.createServer({'rejectNonStandardBodyWrites': True}, handler('strict'))
lax = http.createServer(handler('default'))


def request(server, method, path, next_):
    def on_response(res):
        body = []
        res.setEncoding('utf8')
        res.on('data', body.append)

        def on_end():
            C(method, path, res.statusCode, json.dumps(''.join(body)))
            next_()
        res.on('end', on_end)
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': method, 'path': path,
                        'agent': False}, on_response)
    req.end()


def go():
    steps = []
    for server in [strict, lax]:
        steps.extend([[server, 'HEAD', '/200'], [server, 'GET', '/204'], [server, 'GET', '/304'],
                      [server, 'GET', '/200']])

    def next_():
        if not steps:
            strict.close()
            lax.close()
            return
        request(*steps.pop(0), next_)
    next_()


strict.listen(0, '127.0.0.1', lambda: lax.listen(0, '127.0.0.1', go))
