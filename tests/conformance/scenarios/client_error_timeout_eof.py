# 'clientError' for a headers timeout, answered with socket.end() as in the docs: the client then closes its side
# while the request head is still incomplete, and Node emits 'clientError' again (HPE_INVALID_EOF_STATE).
import json

import nodehttp as http
from nodehttp import net
from _out import S, C


def handler(req, res):
    S('request', req.url)
    res.end()


server = http.createServer({'headersTimeout': 400, 'requestTimeout': 800, 'connectionsCheckingInterval': 50},
                           handler)


def on_client_error(err, socket):
    S('clientError', err.code, err.message, socket.writable)
    if socket.writable:
        socket.end('HTTP/1.1 408 Too Slow\r\nConnection: close\r\n\r\n')


server.on('clientError', on_client_error)


def on_listen():
    def on_connect():
        socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n')
    socket = net.connect(server.address()['port'], '127.0.0.1', on_connect)
    got = []
    socket.setEncoding('latin1')
    socket.on('data', got.append)

    def on_close(*a):
        C('received', json.dumps(''.join(got)))
        server.close()
    socket.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
