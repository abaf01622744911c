# A chunked response whose chunk extensions pass Node's limit (16 KiB per
# chunk, which llhttp counts and httptools does not): the body before that
# chunk is read, then the request's 'error' HPE_CHUNK_EXTENSIONS_OVERFLOW
# (bytesParsed where the span that passed it ends, or the packet's end for
# one still open), and the response is aborted.  At the limit, all is well.
# Trailers are held to maxHeaderSize as a head's fields are (HPE_HEADER_OVERFLOW).
import threading

import nodehttp as http
from nodehttp import net
from _out import C

HEAD = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
cases = {
    '/over': [HEAD + '5\r\nhello\r\n', '3;' + 'e' * 20000 + '\r\nabc\r\n0\r\n\r\n'],
    '/open': [HEAD + '5\r\nhello\r\n3;a=' + 'v' * 10000, 'v' * 10000],
    '/trailer-open': [HEAD + '5\r\nhello\r\n0\r\nX-T: ' + 'v' * 10000, 'v' * 10000],
    '/at-the-limit': [HEAD + '5;' + 'e' * 16384 + '\r\nhello\r\n0\r\n\r\n'],
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
    path = paths[i]

    def on_response(res):
        res.on('data', lambda d: C(path, 'data', len(d)))
        res.on('aborted', lambda: C(path, 'aborted'))
        res.on('error', lambda err: C(path, 'response error', err.code))
        res.on('end', lambda: C(path, 'end'))
    req = http.get({'port': server.address()['port'], 'host': '127.0.0.1', 'path': path,
                    'agent': False}, on_response)
    req.on('error', lambda err: C(path, 'error', err.code, err.bytesParsed, len(err.rawPacket)))

    def on_close():
        C(path, 'close')
        run(i + 1)
    req.on('close', on_close)


server.listen(0, '127.0.0.1', lambda: run(0))
