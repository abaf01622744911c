"""http.Agent: the socket pool (Node's _http_agent.js behaviours)."""

import threading
import time

import pytest

import nodehttp as http
from nodehttp import _liveness
from test_client_helpers import CLOSE, OK, RawServer, wait_until

pytestmark = pytest.mark.timeout(60)


def get(port, agent, path='/', cb=None):
    """GET and wait for the end of the body; returns (req, res)."""
    out = {}
    ev = threading.Event()

    def on_res(res):
        out['res'] = res
        res.resume()
        res.on('end', lambda: ev.set())

    req = http.get({'port': port, 'host': '127.0.0.1', 'path': path, 'agent': agent}, on_res)
    req.on('error', lambda e: (out.__setitem__('error', e), ev.set()))
    assert ev.wait(5)
    if 'error' in out:
        raise out['error']
    return req, out['res']


def free_count(agent):
    return sum(len(v) for v in agent.freeSockets.values())


def test_agent_keep_alive_reuses_the_socket(srv):
    agent = http.Agent(keepAlive=True)
    req1, res1 = get(srv.port, agent)
    assert wait_until(lambda: free_count(agent) == 1)
    sock = req1.socket
    req2, res2 = get(srv.port, agent)
    assert req2.socket is sock
    assert (req1.reusedSocket, req2.reusedSocket) == (False, True)
    assert len(srv.conns) == 1
    agent.destroy()


def test_agent_without_keep_alive_closes_each_socket(srv):
    agent = http.Agent()
    req, res = get(srv.port, agent)
    assert b'Connection: close' in srv.requests[0]
    assert wait_until(lambda: req.socket.destroyed)
    assert wait_until(lambda: agent.freeSockets == {} and agent.sockets == {})


def test_agent_free_socket_is_unrefed_and_refed_on_reuse(srv):
    agent = http.Agent(keepAlive=True)
    req, res = get(srv.port, agent)
    assert wait_until(lambda: free_count(agent) == 1)
    sock = req.socket
    assert sock._handle.refed is False
    seen = {}
    r2 = http.request({'port': srv.port, 'host': '127.0.0.1', 'agent': agent})
    seen['refed'] = sock._handle.refed
    r2.on('response', lambda res: res.resume())
    r2.end()
    assert seen['refed'] is True
    assert wait_until(lambda: free_count(agent) == 1)
    agent.destroy()


def test_agent_max_sockets_queues_requests(srv):
    agent = http.Agent(keepAlive=True, maxSockets=1)
    done = []
    lock = threading.Lock()
    reqs = []
    for i in range(3):
        def cb(res, i=i):
            res.resume()
            res.on('end', lambda: (lock.acquire(), done.append(i), lock.release()))
        reqs.append(http.get({'port': srv.port, 'host': '127.0.0.1', 'path': '/%d' % i,
                              'agent': agent}, cb))
    name = agent.getName({'host': '127.0.0.1', 'port': srv.port})
    assert len(agent.requests.get(name, [])) == 2
    assert wait_until(lambda: len(done) == 3)
    assert sorted(done) == [0, 1, 2]
    assert len(srv.conns) == 1
    assert agent.requests == {}
    agent.destroy()


def test_agent_max_total_sockets_queues_across_origins(srv):
    srv2 = RawServer()
    try:
        agent = http.Agent(keepAlive=True, maxTotalSockets=1)
        done = []
        for port in (srv.port, srv2.port):
            http.get({'port': port, 'host': '127.0.0.1', 'agent': agent},
                     lambda res: (res.resume(), res.on('end', lambda: done.append(1))))
        assert sum(len(v) for v in agent.requests.values()) == 1
        assert wait_until(lambda: len(done) == 2)
        agent.destroy()
    finally:
        srv2.close()


@pytest.mark.parametrize('scheduling', ['lifo', 'fifo'])
def test_agent_scheduling_picks_free_socket(scheduling):
    # Both first responses wait for each other, so the two requests are
    # surely on two sockets (from the main thread there is no tick that
    # would issue them together, as in Node).
    both = threading.Barrier(2, timeout=5)

    def respond(i, data):
        if i < 2:
            both.wait()
        return [OK]
    srv = RawServer(respond=respond)
    agent = http.Agent(keepAlive=True, scheduling=scheduling)
    evs = [threading.Event(), threading.Event()]
    reqs = []
    for ev in evs:
        reqs.append(http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                             lambda res, ev=ev: (res.resume(), res.on('end', ev.set))))
    for ev in evs:
        assert ev.wait(5)
    assert wait_until(lambda: free_count(agent) == 2)
    name = list(agent.freeSockets)[0]
    first, last = agent.freeSockets[name]
    req, res = get(srv.port, agent)
    assert req.socket is (last if scheduling == 'lifo' else first)
    agent.destroy()
    srv.close()


def test_agent_invalid_scheduling_raises():
    with pytest.raises(TypeError) as ei:
        http.Agent(scheduling='random')
    assert ei.value.code == 'ERR_INVALID_ARG_VALUE'


def test_agent_server_closing_idle_socket_removes_it_from_pool():
    srv = RawServer(respond=lambda i, d: [OK, CLOSE])
    try:
        agent = http.Agent(keepAlive=True)
        req, res = get(srv.port, agent)
        assert wait_until(lambda: req.socket.destroyed)
        assert wait_until(lambda: agent.freeSockets == {} and agent.sockets == {})
        req2, res2 = get(srv.port, agent)       # a new socket, not the dead one
        assert req2.reusedSocket is False
        agent.destroy()
    finally:
        srv.close()


def test_agent_reused_socket_closed_by_server_gives_econnreset():
    """The server closes the kept-alive socket as the next request arrives."""
    srv = RawServer(respond=lambda i, d: OK if i == 0 else CLOSE)
    try:
        agent = http.Agent(keepAlive=True)
        get(srv.port, agent)
        assert wait_until(lambda: free_count(agent) == 1)
        ev = threading.Event()
        out = {}
        req = http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent})
        req.on('error', lambda e: (out.__setitem__('err', e), ev.set()))
        assert ev.wait(5)
        assert out['err'].code == 'ECONNRESET'
        assert req.reusedSocket is True
        agent.destroy()
    finally:
        srv.close()


def test_agent_destroy_closes_free_sockets(srv):
    agent = http.Agent(keepAlive=True)
    req, res = get(srv.port, agent)
    assert wait_until(lambda: free_count(agent) == 1)
    agent.destroy()
    assert wait_until(lambda: req.socket.destroyed and agent.freeSockets == {})


def test_agent_get_name():
    agent = http.Agent()
    assert agent.getName({}) == 'localhost::'
    assert agent.getName({'host': 'h', 'port': 8080}) == 'h:8080:'
    assert agent.getName({'host': 'h', 'port': 80, 'localAddress': '127.0.0.2',
                          'family': 4}) == 'h:80:127.0.0.2:4'
    assert agent.getName({'host': 'h', 'socketPath': '/tmp/s'}) == 'h:::/tmp/s'


def test_agent_global_agent_matches_node():
    g = http.globalAgent
    assert (g.keepAlive, g.scheduling, g.options['timeout']) == (True, 'lifo', 5000)
    assert (g.maxSockets, g.maxFreeSockets, g.maxTotalSockets) == (
        float('inf'), 256, float('inf'))
    assert (g.keepAliveMsecs, g.defaultPort, g.protocol) == (1000, 80, 'http:')
    assert g.options['noDelay'] is True and g.options['path'] is None


def test_agent_defaults():
    a = http.Agent()
    assert (a.keepAlive, a.keepAliveMsecs, a.maxSockets, a.maxFreeSockets) == (
        False, 1000, float('inf'), 256)
    assert a.scheduling == 'lifo'
    assert a.requests == {} and a.sockets == {} and a.freeSockets == {}


def test_agent_keep_socket_alive_override_false_destroys(srv):
    class NoKeep(http.Agent):
        def keepSocketAlive(self, socket):
            return False

    agent = NoKeep(keepAlive=True)
    req, res = get(srv.port, agent)
    assert wait_until(lambda: req.socket.destroyed)
    assert agent.freeSockets == {}


def test_agent_reuse_socket_override_is_called(srv):
    calls = []

    class Spy(http.Agent):
        def reuseSocket(self, socket, req):
            calls.append(req)
            http.Agent.reuseSocket(self, socket, req)

    agent = Spy(keepAlive=True)
    get(srv.port, agent)
    assert wait_until(lambda: free_count(agent) == 1)
    req, res = get(srv.port, agent)
    assert calls == [req]
    agent.destroy()


def test_agent_create_connection_override_is_used(srv):
    made = []

    class Mine(http.Agent):
        def createConnection(self, options, cb=None):
            s = http.net.createConnection({'port': options['port'], 'host': options['host']})
            made.append(s)
            return s

    agent = Mine()
    req, res = get(srv.port, agent)
    assert made == [req.socket]
    assert res.statusCode == 200


def test_agent_keep_alive_hint_under_one_second_destroys():
    srv = RawServer(respond=lambda i, d: b'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\n'
                                         b'Content-Length: 2\r\n\r\nok')
    try:
        agent = http.Agent(keepAlive=True)
        req, res = get(srv.port, agent)
        assert wait_until(lambda: req.socket.destroyed)
        assert agent.freeSockets == {}
    finally:
        srv.close()


def test_agent_free_socket_times_out(srv):
    agent = http.Agent(keepAlive=True, timeout=100)
    req, res = get(srv.port, agent)
    assert wait_until(lambda: free_count(agent) == 1)
    assert wait_until(lambda: req.socket.destroyed and agent.freeSockets == {}, 3)


def test_agent_max_free_sockets(srv):
    agent = http.Agent(keepAlive=True, maxFreeSockets=1)
    evs = [threading.Event(), threading.Event()]
    for ev in evs:
        http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent},
                 lambda res, ev=ev: (res.resume(), res.on('end', ev.set)))
    for ev in evs:
        assert ev.wait(5)
    time.sleep(0.1)
    assert free_count(agent) == 1
    agent.destroy()


def test_agent_agent_remove_takes_socket_out(srv):
    """'agentRemove' on an in-use socket: the Agent forgets it (not pooled)."""
    agent = http.Agent(keepAlive=True)
    ev = threading.Event()
    out = {}

    def cb(res):
        out['sock'] = res.socket
        res.socket.emit('agentRemove')
        res.resume()
        res.on('end', ev.set)

    http.get({'port': srv.port, 'host': '127.0.0.1', 'agent': agent}, cb)
    assert ev.wait(5)
    time.sleep(0.05)
    assert agent.sockets == {} and agent.freeSockets == {}
    assert not out['sock'].destroyed
    out['sock'].destroy()


def test_agent_false_uses_a_one_off_agent(srv):
    req, res = get(srv.port, False)
    assert isinstance(req.agent, http.Agent) and req.agent is not http.globalAgent
    assert req.agent.keepAlive is False
    assert b'Connection: close' in srv.requests[0]


def test_agent_liveness_counts_drop_after_response(srv):
    before = _liveness.count()
    agent = http.Agent(keepAlive=True)
    req, res = get(srv.port, agent)
    assert wait_until(lambda: free_count(agent) == 1)
    # <=: handles left by earlier tests may close meanwhile (the count is global)
    assert wait_until(lambda: _liveness.count() <= before)
    agent.destroy()


def test_agent_create_connection_alone_gives_a_socket_that_connects(srv):
    # agent.createConnection() is net.createConnection() for the agent's
    # requests; used alone (no request waits for its 'socket'), the socket
    # connects and emits 'connect' at once, nothing held for a request
    connected = threading.Event()
    sock = http.Agent().createConnection({'port': srv.port, 'host': '127.0.0.1'})
    sock.on('connect', lambda: connected.set())
    try:
        assert connected.wait(5)
    finally:
        sock.destroy()
