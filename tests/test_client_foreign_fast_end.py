"""A foreign thread's tick ends where it waits (_foreign.py): an
Event.wait() on an unset Event at its start, a Condition's wait only once it
released its lock (deferred work never runs while the thread holds it); a
tick's waiter from another thread returns once it closed; a request on a
reused socket still times out."""

import threading
import time

import pytest

import nodehttp as http
from nodehttp import _foreign
from test_client_helpers import RawServer, _default_respond

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def srv():
    s = RawServer()
    try:
        yield s
    finally:
        s.close()


def test_condition_wait_in_a_helper_ends_the_tick(srv):
    cond = threading.Condition()
    done = []

    def on_end():
        with cond:
            done.append(1)
            cond.notify_all()

    def wait_for_it():
        with cond:
            while not done:
                cond.wait(5)

    req = http.get(srv.url, lambda res: (res.resume(), res.on('end', on_end)))
    got = [req]
    wait_for_it()
    assert done == [1] and got[0].res.statusCode == 200


def test_tick_wait_from_another_thread_returns_once_the_tick_closed():
    t = _foreign.tick()
    ran = []
    assert t.defer(ran.append, (1,))
    out = []
    waiter = threading.Thread(target=lambda: out.append((t.wait(0.01), t.wait(5))))
    waiter.start()
    time.sleep(0.2)                    # a wait: the tick closes here
    waiter.join(5)
    assert ran == [1]
    assert out and out[0][1] is True
    assert t.wait(0) is True


def _second_unanswered(i, data):
    return _default_respond(i, data) if i == 0 else None


@pytest.mark.parametrize('agent_timeout', [0, 5000])
def test_reused_socket_request_timeout_fires(agent_timeout):
    s = RawServer(respond=_second_unanswered)
    agent = http.Agent({'keepAlive': True, 'maxSockets': 1, 'timeout': agent_timeout})
    try:
        ev = threading.Event()
        first = http.get({'port': s.port, 'agent': agent},
                         lambda res: (res.resume(), res.on('end', ev.set)))
        assert ev.wait(5)
        deadline = time.monotonic() + 5
        while not agent.freeSockets and time.monotonic() < deadline:
            time.sleep(0.01)
        assert agent.freeSockets       # the socket is pooled, its thread idle
        timed_out = threading.Event()
        t0 = time.monotonic()
        req = http.get({'port': s.port, 'agent': agent, 'timeout': 200})
        req.on('timeout', lambda: (timed_out.set(), req.destroy()))
        req.on('error', lambda e: None)
        assert timed_out.wait(5)
        assert 0.15 < time.monotonic() - t0 < 3
        assert req.reusedSocket and first.reusedSocket is False
    finally:
        agent.destroy()
        s.close()


@pytest.mark.parametrize('continuation', ['next statement', 'later'])
def test_deferred_work_runs_after_a_condition_wait_released_its_lock(srv, continuation):
    cond = threading.Condition()       # (a Lock: not re-entrant)
    got = []

    def on_socket(s):
        with cond:                     # the tick ends once wait() released it
            got.append(threading.current_thread())
            cond.notify_all()

    closed = threading.Event()
    if continuation == 'next statement':
        with cond:
            req = http.get(srv.url, lambda res: (res.resume(), res.on('end', closed.set)))
            cond.wait(0.2)
        req.on('socket', on_socket)    # (kept for a late listener: called at once)
    else:
        req = http.get(srv.url, lambda res: (res.resume(), res.on('end', closed.set)))
        req.on('socket', on_socket)
        with cond:
            cond.wait(5)
    assert got == [threading.current_thread()]
    assert closed.wait(5)
