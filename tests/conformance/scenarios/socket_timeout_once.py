# A socket's 'timeout' fires once per idle spell: the timer is armed again
# by activity (here the server's write), not by the time passing.  The
# same for a client request's timeout option.
import threading

import nodehttp as http
from nodehttp import net
from _out import C, M


def on_connection(sock):
    threading.Timer(0.3, lambda: sock.write('late')).start()
    threading.Timer(0.6, lambda: sock.end()).start()


server = net.createServer(on_connection)
done = [0]


def finish(*a):
    done[0] += 1
    if done[0] == 2:
        server.close()


def on_listen():
    port = server.address()['port']
    c = net.connect(port, '127.0.0.1')
    timeouts = [0]

    def on_timeout():
        timeouts[0] += 1
    # (armed once connected: a connect that a loaded machine delays past
    # 50 ms would be activity, and a second idle spell)
    c.on('connect', lambda *a: c.setTimeout(50))
    c.on('timeout', on_timeout)
    c.on('data', lambda d: C('data', d.decode(), 'timeouts so far', timeouts[0]))
    c.on('end', lambda: C('end', 'timeouts', timeouts[0]))
    c.on('close', finish)

    req = http.request({'port': port, 'host': '127.0.0.1', 'timeout': 50})
    req_timeouts = [0]

    def on_req_timeout():
        req_timeouts[0] += 1
    req.on('timeout', on_req_timeout)
    req.on('error', lambda e: M('request error', e.code, 'timeouts', req_timeouts[0]))
    req.on('close', finish)
    req.end()


server.listen(0, '127.0.0.1', on_listen)
