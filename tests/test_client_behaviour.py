"""ClientRequest behaviours: timeouts, abort/destroy, back-pressure both
ways, HEAD on a kept-alive socket, 1xx, and Node's next-tick promise."""

import socket
import threading
import time

import pytest

import nodehttp as http
from test_client_helpers import OK, RawServer, wait_until

pytestmark = pytest.mark.timeout(60)


def test_client_set_timeout_emits_timeout_and_returns_req():
    srv = RawServer(respond=lambda i, d: None)        # never answers
    try:
        ev = threading.Event()
        out = []
        req = http.get(srv.url)
        assert req.setTimeout(100, lambda: out.append('cb')) is req
        req.on('timeout', lambda: (out.append('timeout'), req.destroy()))
        req.on('error', lambda e: (out.append(e.code), ev.set()))
        assert ev.wait(5)
        assert out == ['cb', 'timeout', 'ECONNRESET']
    finally:
        srv.close()


def test_client_timeout_option_emits_timeout():
    srv = RawServer(respond=lambda i, d: None)
    try:
        ev = threading.Event()
        req = http.get(srv.url, {'timeout': 100, 'agent': False})
        req.on('timeout', lambda: (ev.set(), req.destroy()))
        req.on('error', lambda e: None)
        assert ev.wait(5)
        assert req.timeout == 100
    finally:
        srv.close()


def test_client_abort_sets_aborted_and_emits_abort():
    srv = RawServer(respond=lambda i, d: None)
    try:
        out = []
        ev = threading.Event()
        req = http.get(srv.url)
        req.on('abort', lambda: out.append('abort'))
        req.on('error', lambda e: out.append(e.code))
        req.on('close', lambda: (out.append('close'), ev.set()))
        srv.wait_requests(1)
        req.abort()
        assert req.aborted is True and req.destroyed is True
        assert ev.wait(5)
        assert out == ['abort', 'ECONNRESET', 'close']
    finally:
        srv.close()


def test_client_destroy_with_error_emits_it():
    srv = RawServer(respond=lambda i, d: None)
    try:
        ev = threading.Event()
        out = []
        req = http.get(srv.url)
        req.on('error', lambda e: (out.append(e), ev.set()))
        srv.wait_requests(1)
        err = ValueError('mine')
        req.destroy(err)
        assert ev.wait(5)
        assert out == [err]
    finally:
        srv.close()


def test_client_destroy_before_socket_emits_hang_up():
    """destroy() in the tick that made the request (inside a callback, where
    nodehttp keeps Node's next tick): 'socket hang up', not the connect error."""
    srv = RawServer()
    try:
        ev = threading.Event()
        out = []

        def cb(res):
            res.resume()
            req = http.request('http://127.0.0.1:9/')
            req.on('error', lambda e: (out.append(e.code), ev.set()))
            req.destroy()

        http.get(srv.url, cb)
        assert ev.wait(5)
        assert out == ['ECONNRESET']
    finally:
        srv.close()


def test_client_truncated_body_sets_res_aborted():
    srv = RawServer(respond=lambda i, d: [b'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc',
                                          __import__('test_client_helpers').CLOSE])
    try:
        ev = threading.Event()
        out = {}

        def cb(res):
            out['res'] = res
            res.on('error', lambda e: out.__setitem__('err', e))
            res.on('close', ev.set)
            res.resume()

        http.get(srv.url, cb)
        assert ev.wait(5)
        assert out['res'].aborted is True and out['res'].complete is False
        assert out['err'].code == 'ECONNRESET' and str(out['err']) == 'aborted'
    finally:
        srv.close()


def test_client_response_back_pressure_stops_reading():
    total = 4 << 20
    head = b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n' % total
    srv = RawServer(respond=lambda i, d: head + b'z' * total)
    try:
        got = {}
        ev = threading.Event()

        def cb(res):
            got['res'] = res
            res.pause()
            ev.set()

        http.get(srv.url, cb)
        assert ev.wait(5)
        res = got['res']
        time.sleep(0.3)
        # paused: at most the high-water mark plus one read is buffered
        assert res.readableLength <= res.readableHighWaterMark + 65536
        n = [0]
        done = threading.Event()
        res.on('data', lambda d: n.__setitem__(0, n[0] + len(d)))
        res.on('end', done.set)
        res.resume()
        assert done.wait(10)
        assert n[0] == total
    finally:
        srv.close()


def test_client_request_write_returns_false_then_drain():
    """A write on the socket's thread past the high-water mark returns False
    and 'drain' follows once the peer has read it."""
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(1)
    port = ls.getsockname()[1]

    def slow_server():
        c, _ = ls.accept()
        buf = b''
        while b'\r\n\r\n' not in buf:
            buf += c.recv(4096)
        c.sendall(b'HTTP/1.1 100 Continue\r\n\r\n')
        time.sleep(0.3)
        n = 0
        while n < 8 << 20:
            d = c.recv(1 << 20)
            if not d:
                break
            n += len(d)
        c.close()

    threading.Thread(target=slow_server, daemon=True).start()
    try:
        out = {}
        ev = threading.Event()
        req = http.request({'port': port, 'host': '127.0.0.1', 'method': 'POST',
                            'agent': False, 'headers': {'Expect': '100-continue'}})
        req.on('error', lambda e: None)
        # 'continue' runs on the socket's thread: the write queues, not blocks
        req.on('continue', lambda: out.__setitem__('ret', req.write(b'q' * (8 << 20))))
        req.on('drain', lambda: (out.setdefault('drain', True), ev.set()))
        req.on('response', lambda res: res.resume())
        assert ev.wait(10)
        assert out['ret'] is False and out['drain'] is True
        req.destroy()
    finally:
        ls.close()


def test_client_head_response_then_next_request_on_same_socket():
    def respond(i, d):
        if d.startswith(b'HEAD'):
            return b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'
        return b'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody'

    srv = RawServer(respond=respond)
    agent = http.Agent(keepAlive=True, maxSockets=1)
    try:
        out = []
        ev = threading.Event()
        h = http.request(srv.url, {'method': 'HEAD', 'agent': agent},
                         lambda res: (out.append(res.headers['content-length']), res.resume(),
                                      res.on('end', lambda: out.append('head end'))))
        h.end()
        http.get(srv.url, {'agent': agent},
                 lambda res: (res.on('data', lambda d: out.append(d)),
                              res.on('end', ev.set)))
        assert ev.wait(5)
        assert out == ['10', 'head end', b'body']
        assert len(srv.conns) == 1
    finally:
        agent.destroy()
        srv.close()


def test_client_information_event_for_early_hints():
    srv = RawServer(respond=lambda i, d: b'HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n'
                                         b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
    try:
        out = []
        ev = threading.Event()
        req = http.get(srv.url, lambda res: (out.append(res.statusCode), res.resume(), ev.set()))
        req.on('information', lambda info: out.append((info['statusCode'],
                                                       info['statusMessage'],
                                                       info['headers'])))
        assert ev.wait(5)
        assert out == [(103, 'Early Hints', {'link': '</s.css>'}), 200]
    finally:
        srv.close()


def test_client_next_tick_listeners_inside_callback():
    """Inside a nodehttp callback, listeners attached after request()/end()
    still see every event (Node's next tick)."""
    srv = RawServer()
    try:
        out = []
        ev = threading.Event()

        def first(res):
            res.resume()
            req2 = http.request(srv.url)
            req2.end()
            req2.on('socket', lambda s: out.append('socket'))
            req2.on('finish', lambda: out.append('finish'))
            req2.on('response', lambda r: (out.append('response'), r.resume(),
                                           r.on('end', ev.set)))

        http.get(srv.url, first)
        assert ev.wait(5)
        assert out == ['socket', 'finish', 'response']
    finally:
        srv.close()


def test_client_finish_before_response_when_the_writing_thread_lags(monkeypatch):
    """A request made in one connection's callback may get a pooled socket
    whose thread is another: the request is written by the callback's thread,
    whose tick queue then holds the write callback ('finish'), while the
    socket's own thread reads the response.  When the writing thread lags,
    Node's order still holds: 'finish' (once), then 'response'."""
    from nodehttp import net
    agent = http.Agent({'keepAlive': True, 'maxSockets': 2})
    srv = RawServer()
    try:
        ended = [threading.Event(), threading.Event()]
        for ev in ended:            # two sockets in the pool, a thread each
            http.get(srv.url, {'agent': agent}, lambda r, ev=ev: (r.resume(), r.on('end', ev.set)))
        assert all(ev.wait(5) for ev in ended)
        assert wait_until(lambda: sum(map(len, agent.freeSockets.values())) == 2)
        write = net.Socket._write_bufs

        def lagging_write(sock, bufs, callback=None):
            if callback is not None and sock._owner is not threading.current_thread():
                done = callback

                def callback(err=None):
                    time.sleep(0.3)     # (the writing thread lags before its 'finish')
                    done(err)
            return write(sock, bufs, callback)
        monkeypatch.setattr(net.Socket, '_write_bufs', lagging_write)
        out = []
        ev = threading.Event()

        def first(res):             # (on one pooled socket's thread)
            res.resume()
            req2 = http.request(srv.url, {'agent': agent})      # gets the other one
            req2.end()
            req2.on('finish', lambda: out.append('finish'))
            req2.on('response', lambda r: (out.append('response'), r.resume(),
                                           r.on('end', ev.set)))

        http.get(srv.url, {'agent': agent}, first)
        assert ev.wait(5)
        time.sleep(0.4)             # (the lagging thread's own call comes after)
        assert out == ['finish', 'response']
    finally:
        agent.destroy()
        srv.close()


def test_client_socket_listener_attached_late_on_main_thread():
    srv = RawServer()
    try:
        out = []
        ev = threading.Event()
        req = http.get(srv.url, lambda res: (res.resume(), res.on('end', ev.set)))
        time.sleep(0.1)
        req.on('socket', lambda s: out.append(s))
        req.on('finish', lambda: out.append('finish'))
        assert ev.wait(5)
        assert out == [req.socket, 'finish']
    finally:
        srv.close()


def test_client_set_no_delay_and_keep_alive_do_not_fail():
    srv = RawServer()
    try:
        ev = threading.Event()
        req = http.get(srv.url, lambda res: (res.resume(), res.on('end', ev.set)))
        req.setNoDelay(True)
        req.setSocketKeepAlive(True, 1000)
        assert ev.wait(5)
    finally:
        srv.close()


def test_client_flush_headers_sends_head_before_end():
    srv = RawServer(respond=lambda i, d: None)
    try:
        req = http.request(srv.url, {'method': 'POST'})
        req.on('error', lambda e: None)
        req.flushHeaders()
        assert wait_until(lambda: srv.conns and b'\r\n\r\n' in srv.conns[0])
        assert srv.conns[0].startswith(b'POST / HTTP/1.1\r\n')
        req.destroy()
    finally:
        srv.close()


def test_timeout_set_after_a_reused_socket_took_the_request_fires():
    # main-thread style: the request goes out on a pooled socket when the
    # script first waits; a setTimeout() made after that still fires (the
    # socket's thread waits idle for the response, and setTimeout wakes it)
    srv = RawServer(respond=lambda i, data: OK if i == 0 else None)
    agent = http.Agent(keepAlive=True)
    try:
        first = threading.Event()
        http.get(srv.url, lambda res: (res.resume(), res.on('end', first.set)), agent=agent)
        assert first.wait(5)
        assert wait_until(lambda: agent.freeSockets)
        timed_out = threading.Event()
        req = http.get(srv.url + '/never', agent=agent)
        req.on('error', lambda e: None)
        assert srv.wait_requests(2)[1].startswith(b'GET /never ')   # (out, on the reused socket)
        assert req.reusedSocket
        req.setTimeout(100, timed_out.set)
        assert timed_out.wait(3)
        req.destroy()
    finally:
        agent.destroy()
        srv.close()


def test_client_writable_finished_waits_for_a_socket():
    """Node's getter: a request ended before it has a socket still holds its
    bytes, so writableFinished is false until they are out ('finish': true)."""
    srv = RawServer()
    try:
        got = []
        done = threading.Event()
        req = http.request(srv.url, {'method': 'POST'})
        req.end('body')
        got.append((req.writableEnded, req.writableFinished, req.socket is None))
        req.on('finish', lambda: got.append(req.writableFinished))
        req.on('response', lambda res: (res.resume(), res.on('end', done.set)))
        assert done.wait(5)
        assert got == [(True, False, True), True]
    finally:
        srv.close()
