# A server answering garbage: the client request's 'error' carries the parser's HPE_* code; then 'close'.
import nodehttp as http
from nodehttp import net
from _out import S, C


def on_connection(socket):
    def on_data(d):
        S('got request line', d.decode('latin1').split('\r\n')[0])
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nBad Header: x\r\n\r\nabc')
    socket.once('data', on_data)


server = net.createServer(on_connection)


def on_listen():
    req = http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'path': '/garbage'}, lambda res: C('response (must not fire)'))
    req.on('error', lambda err: C('error', err.code, err.message, err.bytesParsed, err.reason))

    def on_close():
        C('close')
        server.close()
    req.on('close', on_close)


server.listen(0, '127.0.0.1', on_listen)
