# Edges of the response API, each on its own connection, with what reaches
# the wire (Date masked): writeEarlyHints' link rules, writeHead's headers
# list after setHeader(), write() after end(), writableFinished and a
# second end(), setHeaders() of a non-object,
# strictContentLength with a non-numeric Content-Length, the socket
# detached at 'finish', and the chunked default of HTTP/1.0 (TE) and
# HTTP/2.0 request lines.
import json
import re

import nodehttp as http
from nodehttp import net
from _out import S, C


def try_it(what, fn):
    try:
        fn()
        S(what, 'ok')
    except Exception as e:
        S(what, e)


def hints(req, res):
    try_it('no link', lambda: res.writeEarlyHints({}))
    try_it('Link capitalized', lambda: res.writeEarlyHints({'Link': '</a.css>; rel=preload'}))
    try_it('empty list', lambda: res.writeEarlyHints({'link': []}))
    try_it('not a link', lambda: res.writeEarlyHints({'link': 'foo'}))
    try_it('empty link', lambda: res.writeEarlyHints({'link': ''}))
    try_it('CRLF in link', lambda: res.writeEarlyHints({'link': '<a>\r\nX: 1'}))
    try_it('bad item', lambda: res.writeEarlyHints({'link': ['</a>', 'b']}))
    try_it('link and more', lambda: res.writeEarlyHints({
        'X-A': ['1', '2'], 'link': ['</a.css>; rel=preload', '</b.js>; rel="preload"; as=script'], 'n': 5,
    }))
    res.end('x')


def writehead(req, res):
    res.setHeader('C', 'c')
    try_it('nested pairs', lambda: res.writeHead(200, [['A', '1'], ['B', '2']]))
    try_it('odd list', lambda: res.writeHead(200, ['A', '1', 'B']))
    S('headersSent', res.headersSent)
    res.writeHead(201, ['A', '1', 'a', '2'])
    res.end('x')


def after_end(req, res):
    res.end('x')
    res.on('error', lambda e: S('error event', e.code))
    S('write after end returns', res.write('y', lambda e=None: S('write callback', e.code)))


def end_twice(req, res):
    res.on('finish', lambda: S('finish, writableFinished', res.writableFinished))
    S('writableFinished before end', res.writableFinished)
    res.end('a', lambda *a: S('end callback'))
    S('writableFinished after end', res.writableFinished)
    res.end(lambda e=None: S('second end callback', e))
    S('after the second end')


def setheaders(req, res):
    try_it('setHeaders(5)', lambda: res.setHeaders(5))
    res.end()


def strict(req, res):
    res.strictContentLength = True
    res.setHeader('Content-Length', 'abc')
    try_it('end', lambda: res.end('ab'))
    res.destroy()


def finish(req, res):
    res.on('finish', lambda: S('at finish: socket', res.socket, 'connection', res.connection))
    res.on('close', lambda: S('at close: socket', res.socket))
    S('before end: socket', res.socket is req.socket)
    res.end('x')


def te(req, res):
    S('useChunkedEncodingByDefault', req.httpVersion, req.headers.get('te'), res.useChunkedEncodingByDefault)
    res.write('a')
    res.end('b')


cases = {'/hints': hints, '/writehead': writehead, '/after-end': after_end, '/end-twice': end_twice,
         '/setheaders': setheaders, '/strict': strict, '/finish': finish, '/te': te}
server = http.createServer(lambda req, res: cases[req.url](req, res))
requests = [
    'GET /hints HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /writehead HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /after-end HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /end-twice HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /setheaders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /strict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /finish HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'GET /te HTTP/1.0\r\nTE: notchunked\r\n\r\n',
    'GET /te HTTP/1.0\r\nTE: trailers, chunked\r\n\r\n',
    'GET /te HTTP/2.0\r\nHost: x\r\n\r\n',
]


def next_case(i):
    if i == len(requests):
        server.close()
        return
    c = net.connect(server.address()['port'], '127.0.0.1', lambda: c.write(requests[i]))
    got = []
    c.on('data', lambda d: got.append(d.decode('latin1')))
    c.on('error', lambda e: None)

    def on_close(*a):
        C(json.dumps(re.sub(r'Date: [^\r]*', 'Date: <masked>', ''.join(got))))
        next_case(i + 1)
    c.on('close', on_close)


server.listen(0, '127.0.0.1', lambda: next_case(0))
