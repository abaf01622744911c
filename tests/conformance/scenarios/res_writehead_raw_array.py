# writeHead with a flat [name, value, ...] array and with setHeader values merged; keepAliveTimeout in the Keep-Alive header.
import nodehttp as http
from _out import S, C


def handler(req, res):
    res.setHeader('X-Set', 'from setHeader')
    if req.url == '/array':
        res.writeHead(200, ['X-Raw', 'one', 'X-Raw', 'two', 'Content-Type', 'text/plain'])
    else:
        res.writeHead(200, {'X-Obj': 'obj', 'x-set': 'overridden'})
    S(req.url, res.getHeader('x-set'))
    res.end('k')


server = http.createServer(handler)
server.keepAliveTimeout = 2000
agent = http.Agent({'keepAlive': True, 'maxSockets': 1})


def no_date(raw):
    return [v for i, v in enumerate(raw) if raw[i - (i % 2)] != 'Date']


def on_listen():
    port = server.address()['port']

    def on_array(res):
        C('/array', no_date(res.rawHeaders))
        res.resume()

        def on_end():
            def on_obj(res2):
                C('/obj', no_date(res2.rawHeaders))
                res2.resume()

                def done():
                    agent.destroy()
                    server.close()
                res2.on('end', done)
            http.get({'host': '127.0.0.1', 'port': port, 'path': '/obj', 'agent': agent}, on_obj)
        res.on('end', on_end)
    http.get({'host': '127.0.0.1', 'port': port, 'path': '/array', 'agent': agent}, on_array)


server.listen(0, '127.0.0.1', on_listen)
