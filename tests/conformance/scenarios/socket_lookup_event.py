# A socket connecting to a host name emits 'lookup' (err, address, family,
# host) once the name is resolved, before 'connect'; to an IP address it
# does not.  An http request's socket emits it after the request's
# 'socket' listeners, however long they take; a lookup that fails (later,
# as a resolver does) gives 'lookup' with the error, then the error.
import threading
import time

import nodehttp as http
from nodehttp import net
from _out import C

server = http.createServer(lambda req, res: res.end('ok'))


def plain(tag, options, next_):
    s = net.connect(options)
    s.on('lookup', lambda err, address, family, host: C(tag, 'lookup', err, address, family,
                                                        host))

    def on_connect():
        C(tag, 'connect')
        s.end()
    s.on('connect', on_connect)
    s.on('close', lambda had_error: next_())


def request(port, next_):
    req = http.get({'port': port, 'host': 'localhost', 'family': 4, 'agent': False})

    def on_socket(sock):
        C('request: socket')
        time.sleep(0.05)
        sock.on('lookup', lambda err, address, family, host: C('request: lookup', err, address,
                                                               family, host))
        sock.on('connect', lambda: C('request: connect'))
    req.on('socket', on_socket)

    def on_response(res):
        C('request: response', res.statusCode)
        res.resume()
        res.on('end', next_)
    req.on('response', on_response)


def failed_lookup(port, next_):
    def lookup(host, options, cb):
        err = OSError('no such name')
        err.code = 'ENOTFOUND'
        threading.Timer(0.02, cb, (err,)).start()     # (as a resolver does: later)
    req = http.get({'port': port, 'host': 'example.invalid', 'lookup': lookup, 'agent': False})

    def on_socket(sock):
        sock.on('lookup', lambda err, address, family, host: C(
            'failed: lookup', err and err.code, address, family, host))
    req.on('socket', on_socket)
    req.on('error', lambda err: C('failed: request error', err.code, str(err)))
    req.on('close', next_)


def on_listen():
    port = server.address()['port']
    plain('name:', {'port': port, 'host': 'localhost', 'family': 4}, lambda: plain(
        'address:', {'port': port, 'host': '127.0.0.1'}, lambda: request(
            port, lambda: failed_lookup(port, lambda: server.close()))))


server.listen(0, '127.0.0.1', on_listen)
