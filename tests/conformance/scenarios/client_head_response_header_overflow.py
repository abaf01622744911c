# The response to a HEAD request (whose head nodehttp cuts out by hand, so
# that no body is taken from what follows) is held to maxHeaderSize as
# any: HPE_HEADER_OVERFLOW in the packet where Node's count reaches it, a
# span still open at the packet's end counted as far as it has come.
# Empty lines before the head are skipped, and not counted.
import threading

import nodehttp as http
from nodehttp import net
from _out import C

cases = {
    '/one-packet': ['HTTP/1.1 200 OK\r\nX-Big: ' + 'x' * 20000 + '\r\n\r\n'],
    '/open-value': ['HTTP/1.1 200 OK\r\nX-Big: ' + 'x' * 10000, 'x' * 10000],
    '/crossing-in-second': ['HTTP/1.1 200 OK\r\nA: ' + 'a' * 10000 + '\r\n',
                            'B: ' + 'b' * 10000 + '\r\nC: c\r\n'],
    '/empty-lines-first': ['\r\n\r\n\r\n', 'HTTP/1.1 200 OK\r\nX: ' + 'x' * 10000,
                           'x' * 10000],
    '/small': ['HTTP/1.1 200 OK\r\n', 'Content-Length: 5\r\nX: ' + 'x' * 100, '\r\n\r\n'],
}
paths = list(cases)


def on_connection(sock):
    sock.on('error', lambda err: None)

    def on_data(d):
        parts = cases[d.decode('latin-1').split(' ')[1]]
        i = [0]

        def nxt():
            if i[0] == len(parts):
                threading.Timer(0.05, sock.end).start()
                return
            sock.write(parts[i[0]])
            i[0] += 1
            threading.Timer(0.05, nxt).start()
        nxt()
    sock.once('data', on_data)


server = net.createServer(on_connection)


def run(i):
    if i == len(paths):
        server.close()
        return
    req = http.request({'port': server.address()['port'], 'host': '127.0.0.1', 'path': paths[i],
                        'method': 'HEAD', 'agent': False})

    def on_response(res):
        C(paths[i], 'response', res.statusCode, res.headers['content-length'], len(res.headers['x']))
        res.resume()
        res.on('end', lambda: run(i + 1))
    req.on('response', on_response)

    def on_error(err):
        C(paths[i], err.code, err.bytesParsed, len(err.rawPacket) if err.rawPacket is not None else None)
        run(i + 1)
    req.on('error', on_error)
    req.end()


server.listen(0, '127.0.0.1', lambda: run(0))
