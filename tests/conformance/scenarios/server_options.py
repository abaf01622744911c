# createServer options: IncomingMessage/ServerResponse subclasses, highWaterMark, joinDuplicateHeaders,
# insecureHTTPParser, noDelay/keepAlive/keepAliveInitialDelay (accepted; the connection works as before).
import json

import nodehttp as http
from nodehttp import net
from _out import S, tag


class MyRequest(http.IncomingMessage):
    def shout(self):
        return self.url.upper()


class MyResponse(http.ServerResponse):
    def sendJSON(self, v):
        self.setHeader('Content-Type', 'application/json')
        self.end(json.dumps(v, separators=(',', ':')))


def handler(label):
    def on_request(req, res):
        S(label, req.url, isinstance(req, MyRequest), isinstance(res, MyResponse),
          isinstance(req, http.IncomingMessage))
        S(label, 'readableHighWaterMark', req.readableHighWaterMark, 'writableHighWaterMark',
          res.writableHighWaterMark)
        S(label, 'content-type', req.headers.get('content-type'), 'user-agent', req.headers.get('user-agent'),
          'x-bad', 'none' if req.headers.get('x-bad') is None else json.dumps(req.headers['x-bad']))
        if isinstance(req, MyRequest):
            res.sendJSON({'shout': req.shout()})
        else:
            res.end('plain')
    return on_request


custom = http.createServer({
    'IncomingMessage': MyRequest,
    'ServerResponse': MyResponse,
    'highWaterMark': 1024,
    'joinDuplicateHeaders': True,
    'insecureHTTPParser': True,
    'noDelay': True,
    'keepAlive': True,
    'keepAliveInitialDelay': 1000,
}, handler('custom'))
custom.label = 'custom'
plain = http.createServer(handler('plain'))
plain.label = 'plain'

request = ('GET /some/path HTTP/1.1\r\nHost: x\r\nContent-Type: text/a\r\nContent-Type: text/b\r\n'
           'User-Agent: one\r\nUser-Agent: two\r\nConnection: close\r\n')


def raw(server, name, extra, next_):
    C = tag('C ' + server.label + ' ' + name)
    socket = net.connect(server.address()['port'], '127.0.0.1', lambda: socket.write(request + extra + '\r\n'))
    got = []
    socket.setEncoding('latin1')
    socket.on('data', got.append)

    def on_close(*a):
        head, body = ''.join(got).split('\r\n\r\n')
        C(head.split('\r\n')[0], [h for h in head.split('\r\n') if h.startswith('Content-Type')], json.dumps(body))
        next_()
    socket.on('close', on_close)


def go():
    def close():
        custom.close()
        plain.close()
    raw(custom, 'ok', '', lambda: raw(custom, 'bad char', 'X-Bad: a\x01b\r\n', lambda: raw(plain, 'ok', '', lambda:
        raw(plain, 'bad char', 'X-Bad: a\x01b\r\n', close))))


custom.listen(0, '127.0.0.1', lambda: plain.listen(0, '127.0.0.1', go))
