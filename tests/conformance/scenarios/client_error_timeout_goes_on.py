# 'clientError' for a headers timeout whose listener leaves the socket alone: Node goes on parsing
# the same connection, so the late request and the one pipelined after it are both served.
import json
import re
import threading

import nodehttp as http
from nodehttp import net
from _out import S, C


def handler(req, res):
    S('request', req.method, req.url, req.complete)
    res.end('ok ' + req.url)


server = http.createServer({'headersTimeout': 400, 'requestTimeout': 400, 'connectionsCheckingInterval': 50},
                           handler)


def on_client_error(err, socket):
    S('clientError', err.code, socket.writable, socket.destroyed)


server.on('clientError', on_client_error)


def on_listen():
    def on_connect():
        socket.write('GET /late HTTP/1.1\r\nHost: x\r\n')
        threading.Timer(0.9, lambda: socket.write('\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n')).start()
        threading.Timer(1.4, socket.end).start()
    socket = net.connect(server.address()['port'], '127.0.0.1', on_connect)
    got = []
    socket.setEncoding('latin1')
    socket.on('data', got.append)

    def on_close(*a):
        C('received', json.dumps(re.sub(r'Date: [^\r]*\r\n', '', ''.join(got))))
        server.close()
    socket.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
