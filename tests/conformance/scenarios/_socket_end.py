"""Shared by server_socket_end and server_socket_end_pending (the port of
_socket_end.js): one server, one client connection; the server logs its
request's, response's and socket's events, under the logger S<name>."""
import threading

import nodehttp as http
from nodehttp import net
from _out import tag


def after(seconds, fn):
    # a non-daemon timer (one made on nodehttp's threads would be a daemon):
    # the process waits for it, as Node waits for a pending setTimeout
    t = threading.Timer(seconds, fn)
    t.daemon = False
    t.start()


def run(name, answer_later, send_first, next_):
    S = tag('S' + name)

    def handler(req, res):
        S('request', req.url)
        req.on('end', lambda: S('req end'))
        req.on('close', lambda: S('req close'))
        res.on('finish', lambda: S('res finish'))
        res.on('close', lambda: S('res close'))
        if answer_later:
            def answer():
                S('answer', res.writable)
                res.end('x')
            after(0.1, answer)
        else:
            res.end('x')

    server = http.createServer(handler)

    def on_connection(socket):
        socket.on('end', lambda: S('socket end', socket.readyState))

        def on_close(*a):
            S('socket close', socket.readyState)
            server.close(next_)
        socket.on('close', on_close)

    server.on('connection', on_connection)

    def on_listen():
        def on_connect():
            if send_first:
                c.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n')
            else:
                c.end('GET /b HTTP/1.1\r\nHost: x\r\n\r\n')

        def on_data(d):
            if send_first:
                after(0.05, c.end)
        c = net.connect(server.address()['port'], '127.0.0.1', on_connect)
        c.on('data', on_data)
        c.on('error', lambda e: None)

    server.listen(0, '127.0.0.1', on_listen)
