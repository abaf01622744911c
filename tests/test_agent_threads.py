"""The Agent under threads: many threads share one pool; a free socket's
thread watches it without spinning and ends when the socket ends."""

import os
import threading
import time

import pytest

import nodehttp as http
from test_client_helpers import RawServer, wait_until

pytestmark = pytest.mark.timeout(60)


def _respond(i, data):
    path = data.split(b' ', 2)[1]
    return b'HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s' % (len(path), path)


def test_agent_shared_by_threads_keeps_bodies_apart():
    srv = RawServer(respond=_respond)
    agent = http.Agent(keepAlive=True, maxSockets=4)
    errors = []

    def worker(w):
        for i in range(40):
            path = '/w%d/%d' % (w, i)
            ev = threading.Event()
            got = []

            def cb(res):
                res.on('data', got.append)
                res.on('end', ev.set)

            req = http.get({'port': srv.port, 'host': '127.0.0.1', 'path': path,
                            'agent': agent}, cb)
            req.on('error', lambda e: (errors.append(e), ev.set()))
            if not ev.wait(10):
                errors.append('timeout ' + path)
                return
            if b''.join(got) != path.encode():
                errors.append((path, got))

    try:
        ts = [threading.Thread(target=worker, args=(w,)) for w in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert errors == []
        assert len(srv.conns) <= 4
        assert wait_until(lambda: sum(len(v) for v in agent.freeSockets.values()) ==
                          len(srv.conns))
    finally:
        agent.destroy()
        srv.close()


def test_agent_free_socket_thread_does_not_spin():
    srv = RawServer()
    agent = http.Agent(keepAlive=True)
    try:
        ev = threading.Event()
        http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                 lambda res: (res.resume(), res.on('end', ev.set)))
        assert ev.wait(5)
        assert wait_until(lambda: agent.freeSockets)
        t0 = os.times()
        time.sleep(0.5)
        t1 = os.times()
        cpu = (t1.user - t0.user) + (t1.system - t0.system)
        assert cpu < 0.1
    finally:
        agent.destroy()
        srv.close()


def test_agent_socket_thread_ends_with_the_socket():
    srv = RawServer()
    agent = http.Agent(keepAlive=True)
    try:
        ev = threading.Event()
        out = {}

        def cb(res):
            out['thread'] = threading.current_thread()
            res.resume()
            res.on('end', ev.set)

        http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent}, cb)
        assert ev.wait(5)
        assert wait_until(lambda: agent.freeSockets)
        assert out['thread'].is_alive()
        agent.destroy()
        out['thread'].join(5)
        assert not out['thread'].is_alive()
    finally:
        srv.close()


def test_agent_response_read_on_another_thread_frees_socket():
    """A body iterated on the calling thread: the socket goes back to the
    pool once the iteration has read it to the end."""
    srv = RawServer()
    agent = http.Agent(keepAlive=True)
    try:
        box = {}
        ev = threading.Event()
        http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                 lambda res: (box.__setitem__('res', res), ev.set()))
        assert ev.wait(5)
        assert b''.join(box['res']) == b'ok'
        assert wait_until(lambda: sum(len(v) for v in agent.freeSockets.values()) == 1)
    finally:
        agent.destroy()
        srv.close()
