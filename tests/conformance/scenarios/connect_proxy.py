# The docs' 'connect' example, all local: a tunnelling proxy (server 'connect') and a client ('connect').
import nodehttp as http
from nodehttp import net
from _out import S, C

origin = http.createServer(lambda req, res: res.end('hello from the origin\n'))


def on_origin_listening():
    origin_port = origin.address()['port']

    proxy = http.createServer(lambda req, res: res.end('okay'))

    def on_connect(req, client_socket, head):
        S('connect', req.method, req.url == '127.0.0.1:%d' % origin_port, head)
        hostname, port = req.url.split(':')

        def on_connected():
            client_socket.write('HTTP/1.1 200 Connection Established\r\n'
                                'Proxy-agent: Node.js-Proxy\r\n'
                                '\r\n')
            server_socket.write(head)
            server_socket.pipe(client_socket)
            client_socket.pipe(server_socket)
        server_socket = net.connect(int(port), hostname, on_connected)
    proxy.on('connect', on_connect)

    def on_proxy_listening():
        req = http.request({
            'port': proxy.address()['port'],
            'host': '127.0.0.1',
            'method': 'CONNECT',
            'path': '127.0.0.1:%d' % origin_port,
        })
        req.end()

        def on_tunnel(res, socket, head):
            C('got connected!', res.statusCode, res.statusMessage, res.headers, head)
            socket.write('GET / HTTP/1.1\r\n'
                         'Host: 127.0.0.1\r\n'
                         'Connection: close\r\n'
                         '\r\n')
            data = []
            socket.on('data', lambda chunk: data.append(chunk))

            def on_end():
                C('tunnelled body', b''.join(data).decode().split('\r\n\r\n')[1])
                proxy.close()
                origin.close()
            socket.on('end', on_end)
        req.on('connect', on_tunnel)

    proxy.listen(0, '127.0.0.1', on_proxy_listening)


origin.listen(0, '127.0.0.1', on_origin_listening)
