# server.headersTimeout / server.requestTimeout: a request whose head (or body) is not complete in time gets
# 408 and the connection is closed; with a 'clientError' listener it gets ERR_HTTP_REQUEST_TIMEOUT instead.
import json
import threading

import nodehttp as http
from nodehttp import net
from _out import S, tag


def handler(req, res):
    S('request', req.url)
    req.resume()
    req.on('end', lambda: res.end('late'))


server = http.createServer({'headersTimeout': 400, 'requestTimeout': 800, 'connectionsCheckingInterval': 50},
                           handler)
S('headersTimeout', server.headersTimeout, 'requestTimeout', server.requestTimeout)


def raw(name, chunks, next_):
    C = tag('C ' + name)

    def on_connect():
        for c in chunks:
            socket.write(c)
    socket = net.connect(server.address()['port'], '127.0.0.1', on_connect)
    got = []
    socket.setEncoding('latin1')
    socket.on('data', got.append)
    socket.on('error', lambda err: C('error', err.code))

    def on_close(*a):
        C('received', json.dumps(''.join(got)))
        next_()
    socket.on('close', on_close)


def on_listen():
    pending = [2]
    lock = threading.Lock()

    def done():
        with lock:
            pending[0] -= 1
            if pending[0]:
                return

        def on_client_error(err, socket):
            S('clientError', err.code, err.message)
            socket.destroy()
        server.on('clientError', on_client_error)
        raw('with clientError', ['GET /listener HTTP/1.1\r\nHost: x\r\n'], lambda: server.close())
    raw('head', ['GET /head HTTP/1.1\r\nHost: x\r\n'], done)
    raw('body', ['POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'], done)


server.listen(0, '127.0.0.1', on_listen)
