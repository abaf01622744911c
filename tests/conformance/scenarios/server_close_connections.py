# server.closeIdleConnections() closes a kept-alive idle socket; closeAllConnections() an active one.
import nodehttp as http
from _out import S, C, later

held = []


def handler(req, res):
    S('request', req.url)
    if req.url == '/hold':
        held.append(res)
        res.write('partial')
        return
    res.end('done')


server = http.createServer(handler)
agent = http.Agent({'keepAlive': True})


def on_listen():
    port = server.address()['port']

    def on_res(res):
        socket = res.socket
        res.resume()

        def on_end():
            def on_socket_close(*a):
                C('idle socket closed')

                def on_res2(res2):
                    def on_data(d):
                        C('got partial')
                        server.close(lambda *a: S('server closed'))
                        server.closeAllConnections()
                    res2.once('data', on_data)
                    res2.on('error', lambda err: C('res2 error', err.code, err.message))
                    res2.on('close', lambda: C('res2 close', res2.complete))
                req = http.get({'host': '127.0.0.1', 'port': port, 'path': '/hold'}, on_res2)
                req.on('error', lambda err: C('req error', err.code))
            socket.on('close', on_socket_close)
            later(server.closeIdleConnections)
        res.on('end', on_end)
    http.get({'host': '127.0.0.1', 'port': port, 'path': '/idle', 'agent': agent}, on_res)


server.listen(0, '127.0.0.1', on_listen)
