# Bytes after a complete response in the same packet: a body after a HEAD
# answer or a 204 is a parse error of the request (HPE_INVALID_CONSTANT,
# bytesParsed where they begin), before the response's 'end'; the socket
# is not reused.
import nodehttp as http
from nodehttp import net
from _out import C, S

answers = {
    '/head': 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
    '/204': 'HTTP/1.1 204 No Content\r\n\r\nbody',
}
conns = [0]


def on_connection(sock):
    conns[0] += 1

    def on_data(d):
        path = d.decode('latin1').split(' ')[1]
        S('connection', conns[0], path)
        sock.write(answers[path])
    sock.on('data', on_data)
    sock.on('error', lambda e: None)


server = net.createServer(on_connection)
agent = http.Agent({'keepAlive': True, 'maxSockets': 1})
cases = [('HEAD', '/head', False), ('GET', '/204', False), ('HEAD', '/head', agent), ('GET', '/204', agent)]


def next_case(i):
    if i == len(cases):
        agent.destroy()
        server.close()
        return
    method, path, ag = cases[i]
    name = method + ' ' + path + (' keep-alive' if ag else '')
    req = http.request({'host': '127.0.0.1', 'port': server.address()['port'], 'method': method,
                        'path': path, 'agent': ag})
    req.on('error', lambda e: C(name, 'error', e.code, e.bytesParsed, len(e.rawPacket)))

    def on_response(res):
        C(name, 'response', res.statusCode)
        res.on('data', lambda d: C(name, 'data', d))
        res.on('end', lambda: C(name, 'end'))
    req.on('response', on_response)

    def on_close():
        C(name, 'close')
        next_case(i + 1)
    req.on('close', on_close)
    req.end()


server.listen(0, '127.0.0.1', lambda: next_case(0))
