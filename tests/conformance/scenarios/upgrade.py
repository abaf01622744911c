# The docs' 'upgrade' example, both sides: server 'upgrade' (req, socket, head), client 'upgrade' (res, socket, head).
import nodehttp as http
from _out import S, C

server = http.createServer(lambda req, res: res.end('okay'))


def on_server_upgrade(req, socket, head):
    S('upgrade', req.method, req.headers['upgrade'], req.headers['connection'], head)
    socket.write('HTTP/1.1 101 Web Socket Protocol Handshake\r\n'
                 'Upgrade: WebSocket\r\n'
                 'Connection: Upgrade\r\n'
                 '\r\n')
    socket.pipe(socket)  # echo back
    socket.on('end', lambda: S('socket end'))


server.on('upgrade', on_server_upgrade)


def on_listening():
    req = http.request({
        'port': server.address()['port'],
        'host': '127.0.0.1',
        'headers': {'Connection': 'Upgrade', 'Upgrade': 'websocket'},
    })
    req.end()
    req.on('response', lambda *a: C('response (must not fire)'))

    def on_upgrade(res, socket, upgrade_head):
        C('got upgraded!', res.statusCode, res.statusMessage, res.headers, upgrade_head)
        socket.write('echo me')

        def on_data(data):
            C('data', data)
            socket.end()
            server.close()
        socket.once('data', on_data)
    req.on('upgrade', on_upgrade)


server.listen(0, '127.0.0.1', on_listening)
