# http.request() with a port out of range throws at once (ERR_SOCKET_BAD_PORT),
# as with a localAddress that is no IP, an auth that is no string, a negative
# maxHeaderSize (headers that are no object are ignored);
# the lookup option may call back later, with an address or an error, or
# never: the request's destroy() ends the wait.
import threading

import nodehttp as http
from _out import C

for port in [-1, 70000, 'abc']:
    try:
        http.request({'host': '127.0.0.1', 'port': port})
        C(port, 'no throw')
    except Exception as e:
        C(port, 'throws', e)

bad = [
    ('localAddress', {'localAddress': 'zz'}), ('auth', {'auth': 5}),
    ('maxHeaderSize', {'maxHeaderSize': -1}), ('headers', {'headers': 'x'}),
]
for name, extra in bad:
    try:
        req = http.request(dict({'host': '127.0.0.1', 'port': 9}, **extra))
        req.on('error', lambda e: None)
        req.destroy()
        C(name, 'no throw')
    except Exception as e:
        C(name, 'throws', e)

server = http.createServer(lambda req, res: res.end('ok'))


def answer(o, cb):
    if o.get('all'):
        cb(None, [{'address': '127.0.0.1', 'family': 4}])
    else:
        cb(None, '127.0.0.1', 4)


def not_found(h):
    e = OSError('getaddrinfo ENOTFOUND ' + h)
    e.code = 'ENOTFOUND'
    return e


def later(fn):
    threading.Timer(0.02, fn).start()


cases = [
    ('later, an address', lambda h, o, cb: later(lambda: answer(o, cb))),
    ('later, an error', lambda h, o, cb: later(lambda: cb(not_found(h)))),
    ('never, the request destroyed', lambda h, o, cb: None),
]


def next_case(i):
    if i == len(cases):
        server.close()
        return
    name, lookup = cases[i]
    req = http.request({'host': 'nowhere.invalid', 'port': server.address()['port'], 'agent': False,
                        'lookup': lookup})

    def on_response(res):
        C(name, 'response', res.statusCode)
        res.resume()
    req.on('response', on_response)
    req.on('error', lambda e: C(name, 'error', e.code))

    def on_close():
        C(name, 'close')
        next_case(i + 1)
    req.on('close', on_close)
    req.end()
    if i == 2:
        threading.Timer(0.05, req.destroy).start()


server.listen(0, '127.0.0.1', lambda: next_case(0))
