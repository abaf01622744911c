# server.close() when not listening: the callback gets ERR_SERVER_NOT_RUNNING; listen twice: ERR_SERVER_ALREADY_LISTEN.
import nodehttp as http
from _out import S, M

notStarted = http.createServer()
notStarted.close(lambda err=None: S('close never listened', err.code, err.message))
server = http.createServer()


def on_listen():
    try:
        server.listen(0, '127.0.0.1')
        S('second listen ok')
    except Exception as err:
        S('second listen', err.code, err.message)

    def on_first_close(err=None):
        S('first close', err)
        server.close(lambda err2=None: S('second close', err2.code, err2.message))
    server.close(on_first_close)


server.listen(0, '127.0.0.1', on_listen)
M('sync done')
