# How a request finds its server: defaultPort (and the Host header it leaves out), a custom lookup (hints),
# a createConnection option instead of an agent, socketPath (a Unix socket), agent: false, localAddress,
# localPort, hostname (wins over host), auth.
import os
import socket
import tempfile

import nodehttp as http
from nodehttp import net
from _out import S, C


localPort = None   # a port nobody uses, for the localPort option


def handler(req, res):
    S(req.url, 'host', req.headers.get('host'), 'connection', req.headers.get('connection'),
      'local', req.socket.remoteAddress == '127.0.0.1' or req.socket.remoteAddress)
    if req.url == '/auth':
        S('authorization', req.headers.get('authorization'))
    if req.url == '/localPort':
        S('from localPort', req.socket.remotePort == localPort)
    res.end(req.url)


server = http.createServer(handler)


def unix_handler(req, res):
    S(req.url, 'host', req.headers.get('host'))
    res.end(req.url)


unix = http.createServer(unix_handler)
sockPath = os.path.join(tempfile.gettempdir(), 'nodehttp-twin-%d.sock' % os.getpid())
try:
    os.unlink(sockPath)
except OSError:
    pass   # not there


def get(options, next_):
    def on_response(res):
        body = []
        res.setEncoding('utf8')
        res.on('data', body.append)

        def on_end():
            C('response', ''.join(body))
            next_()
        res.on('end', on_end)
    req = http.get(options, on_response)
    req.on('error', lambda err: C('error', err))
    return req


def run():
    port = server.address()['port']

    def lookup(hostname, options, cb):
        C('lookup', hostname, options.get('family'), options.get('hints'))
        cb(None, '127.0.0.1', 4)

    def createConnection(options, cb=None):
        C('createConnection', options.get('host'), options.get('port') == port, options.get('path'))
        return net.createConnection(options, cb)

    steps = [
        {'host': '127.0.0.1', 'defaultPort': port, 'path': '/defaultPort'},
        {'host': '127.0.0.1', 'port': port, 'defaultPort': port, 'path': '/port-equals-defaultPort'},
        {'host': 'localhost', 'port': port, 'path': '/lookup', 'family': 4,
         'hints': socket.AI_ADDRCONFIG, 'lookup': lookup},   # Node: dns.ADDRCONFIG
        {'host': '127.0.0.1', 'port': port, 'path': '/createConnection', 'createConnection': createConnection},
        {'socketPath': sockPath, 'path': '/unix'},
        {'host': '127.0.0.1', 'port': port, 'path': '/agent-false', 'agent': False},
        {'host': '127.0.0.1', 'port': port, 'path': '/localAddress', 'localAddress': '127.0.0.1'},
        {'host': '127.0.0.1', 'port': port, 'path': '/localPort', 'localPort': localPort, 'agent': False},
        {'host': 'nowhere.invalid', 'hostname': '127.0.0.1', 'port': port, 'path': '/hostname'},
        {'host': '127.0.0.1', 'port': port, 'path': '/auth', 'auth': 'user:pass word'},
    ]

    def next_():
        if not steps:
            server.close()
            unix.close()
            return
        get(steps.pop(0), next_)
    next_()


probe = net.createServer()


def on_probe():
    global localPort
    localPort = probe.address()['port']
    probe.close(lambda *a: server.listen(0, '127.0.0.1', lambda: unix.listen(sockPath, run)))


probe.listen(0, '127.0.0.1', on_probe)
