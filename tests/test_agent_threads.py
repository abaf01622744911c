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


def test_agent_slow_keep_socket_alive_does_not_block_other_threads():
    """An override of keepSocketAlive() that takes a second runs without the
    agent's lock: a request on the same agent from another thread goes on
    meanwhile (it used to wait that second in addRequest), and the socket
    is still pooled afterwards."""
    srv = RawServer()
    in_hook = threading.Event()

    class SlowAgent(http.Agent):
        def keepSocketAlive(self, socket):
            in_hook.set()
            time.sleep(1)
            return http.Agent.keepSocketAlive(self, socket)

    agent = SlowAgent(keepAlive=True)
    try:
        http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                 lambda res: res.resume())
        assert in_hook.wait(5)
        took = []
        done = threading.Event()

        def other():
            t0 = time.monotonic()
            req = http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                           lambda res: (res.resume(), res.on('end', done.set)))
            took.append(time.monotonic() - t0)
            req.on('error', lambda e: done.set())

        t = threading.Thread(target=other)
        t.start()
        t.join(5)
        assert took and took[0] < 0.5
        assert done.wait(5)
        # the first socket went to the pool when its hook returned
        assert wait_until(lambda: sum(len(v) for v in agent.freeSockets.values()) >= 1)
    finally:
        agent.destroy()
        srv.close()


def test_agent_request_queued_during_keep_socket_alive_gets_the_socket():
    """maxSockets 1: a request queued while keepSocketAlive() runs (the lock
    free) takes the socket when it returns, as a reused socket."""
    srv = RawServer()
    in_hook = threading.Event()
    calls = []

    class SlowAgent(http.Agent):
        def keepSocketAlive(self, socket):
            in_hook.set()
            time.sleep(0.3)
            return http.Agent.keepSocketAlive(self, socket)

        def reuseSocket(self, socket, req):
            calls.append('reuse')
            http.Agent.reuseSocket(self, socket, req)

    agent = SlowAgent(keepAlive=True, maxSockets=1)
    try:
        http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                 lambda res: res.resume())
        assert in_hook.wait(5)
        done = threading.Event()
        second = http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                          lambda res: (res.resume(), res.on('end', done.set)))
        assert done.wait(5)
        assert calls == ['reuse'] and second.reusedSocket
        assert len(srv.conns) == 1
        # (the second response's end frees the socket: its hook runs again)
        assert wait_until(lambda: agent._pooling == {} and agent.freeSockets)
        assert agent.requests == {} and len(agent.freeSockets) == 1
    finally:
        agent.destroy()
        srv.close()


def test_agent_overridable_hooks_run_without_the_lock():
    """getName, createConnection, keepSocketAlive, reuseSocket: none is
    called with the agent's lock held."""
    srv = RawServer()
    held = []

    class Watching(http.Agent):
        def _check(self, hook):
            held.append((hook, self._lock._is_owned()))

        def getName(self, options=None):
            self._check('getName')
            return http.Agent.getName(self, options)

        def createConnection(self, options, callback=None):
            self._check('createConnection')
            return http.Agent.createConnection(self, options, callback)

        def keepSocketAlive(self, socket):
            self._check('keepSocketAlive')
            return http.Agent.keepSocketAlive(self, socket)

        def reuseSocket(self, socket, req):
            self._check('reuseSocket')
            return http.Agent.reuseSocket(self, socket, req)

    agent = Watching(keepAlive=True, maxSockets=1)
    try:
        for _ in range(3):
            done = threading.Event()
            http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                     lambda res: (res.resume(), res.on('end', done.set)))
            assert done.wait(5)
            assert wait_until(lambda: agent.freeSockets)
        hooks = {h for h, _ in held}
        assert hooks == {'getName', 'createConnection', 'keepSocketAlive', 'reuseSocket'}
        assert [h for h, owned in held if owned] == []
    finally:
        agent.destroy()
        srv.close()
