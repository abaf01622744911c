# server.maxRequestsPerSocket = 1 with two pipelined requests: the first is served (Connection: close),
# the second is dropped: 'dropRequest' (req, socket) and a 503 instead of 'request'.
import json

import nodehttp as http
from nodehttp import net
from _out import S, C


def handler(req, res):
    S('request', req.url)
    res.end('served ' + req.url)


server = http.createServer(handler)
server.maxRequestsPerSocket = 1


def on_drop_request(req, socket):
    S('dropRequest', req.url, req.method, isinstance(req, http.IncomingMessage), socket is req.socket)


server.on('dropRequest', on_drop_request)


def on_listen():
    def on_connect():
        socket.end('GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n')
    socket = net.connect(server.address()['port'], '127.0.0.1', on_connect)
    got = []
    socket.setEncoding('latin1')
    socket.on('data', got.append)

    def on_close(*a):
        for line in ''.join(got).split('\r\n'):
            C(json.dumps(line))
        server.close()
    socket.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
