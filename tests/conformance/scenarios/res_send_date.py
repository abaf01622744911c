# res.sendDate: true by default (a Date header), false leaves it out.
import nodehttp as http
from _out import S, C


def handler(req, res):
    S('sendDate', req.url, res.sendDate)
    if req.url == '/nodate':
        res.sendDate = False
    res.end()


server = http.createServer(handler)


def on_listen():
    port = server.address()['port']

    def on_date(res):
        C('/date has date', 'date' in res.headers)
        res.resume()

        def on_end():
            def on_nodate(res2):
                C('/nodate has date', 'date' in res2.headers, res2.rawHeaders)
                res2.resume()
                res2.on('end', lambda: server.close())
            http.get({'host': '127.0.0.1', 'port': port, 'path': '/nodate'}, on_nodate)
        res.on('end', on_end)

    http.get({'host': '127.0.0.1', 'port': port, 'path': '/date'}, on_date)


server.listen(0, '127.0.0.1', on_listen)
