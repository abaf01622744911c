# A response head over maxHeaderSize: the request's error is
# HPE_HEADER_OVERFLOW, its bytesParsed where Node's count of the reason
# phrase, names and values reached the limit (just past the CR of a reason
# phrase or a value, just past a name's colon), in the packet where it did
# (/two-packets: the head's second packet, the count going on from the first;
# /open-*: a span still open at the packet's end counts as far as it goes,
# and the error is at the packet's end).
import threading

import nodehttp as http
from nodehttp import net
from _out import C

cases = {
    '/reason': ['HTTP/1.1 200 ' + 'O' * 17000 + '\r\nContent-Length: 2\r\n\r\nok'],
    '/value': ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Big: ' + 'x' * 20000 + '\r\n\r\nok'],
    '/open-value': ['HTTP/1.1 200 OK\r\nX-Big: ' + 'x' * 10000, 'x' * 10000],
    '/open-name': ['HTTP/1.1 200 OK\r\n' + 'N' * 10000, 'N' * 10000],
    '/open-reason': ['HTTP/1.1 200 ' + 'O' * 10000, 'O' * 10000],
    '/name': ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n' + 'N' * 17000 + ': v\r\n\r\nok'],
    '/two-packets': ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n',
                     'X-Big: ' + 'x' * 20000 + '\r\n\r\nok'],
}
paths = list(cases)


def on_connection(sock):
    sock.on('error', lambda err: None)

    def on_data(d):
        parts = cases[d.decode('latin-1').split(' ')[1]]
        sock.write(parts[0])
        if len(parts) > 1:
            threading.Timer(0.05, sock.end, (parts[1],)).start()
        else:
            sock.end()
    sock.once('data', on_data)


server = net.createServer(on_connection)


def run(i):
    if i == len(paths):
        server.close()
        return
    req = http.get({'port': server.address()['port'], 'host': '127.0.0.1', 'path': paths[i],
                    'agent': False})

    def on_error(err):
        C(paths[i], err.code, err.bytesParsed, len(err.rawPacket))
        run(i + 1)
    req.on('error', on_error)


server.listen(0, '127.0.0.1', lambda: run(0))
