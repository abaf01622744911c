# No 'clientError' listener: the server answers 400 (bad request) / 431 (header overflow) and closes.
import nodehttp as http
from nodehttp import net
from _out import C

server = http.createServer({'maxHeaderSize': 1024}, lambda req, res: C('request (must not fire)'))


def send(label, data, next_):
    sock = net.connect(server.address()['port'], '127.0.0.1', lambda: sock.write(data))
    got = []
    sock.on('data', lambda d: got.append(d))

    def on_close(*a):
        C(label, b''.join(got))
        next_()
    sock.on('close', on_close)


def on_listen():
    send('bad method', 'G@T / HTTP/1.1\r\n\r\n',
         lambda: send('overflow', 'GET / HTTP/1.1\r\nX-Big: ' + 'a' * 2000 + '\r\n\r\n', lambda: server.close()))


server.listen(0, '127.0.0.1', on_listen)
