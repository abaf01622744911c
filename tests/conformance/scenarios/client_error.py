# 'clientError' (err.code, bytesParsed, rawPacket) with the docs' handler: answer 400 and end the socket.
import nodehttp as http
from nodehttp import net
from _out import S, C

server = http.createServer(lambda req, res: S('request (must not fire)'))


def on_client_error(err, socket):
    S('clientError', err.code, err.message, err.bytesParsed, err.rawPacket)
    if err.code == 'ECONNRESET' or not socket.writable:
        return
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')


server.on('clientError', on_client_error)


def on_listen():
    sock = net.connect(server.address()['port'], '127.0.0.1', lambda: sock.write('GET / HTTP/1.1\r\nBad Header: x\r\n\r\n'))
    got = []
    sock.on('data', lambda d: got.append(d))
    sock.on('end', lambda: C('client got', b''.join(got)))

    def on_close(*a):
        C('close')
        server.close()
    sock.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
