"""A request made on a thread that is not nodehttp's starts when that thread
next waits or ends: Node's "later tick" there (nodehttp/_foreign.py).

So listeners attached after http.get() -- however long the thread takes
before it waits -- see every event in Node's order, and what Node defers to
a later tick ('socket', 'abort', the flush) comes then, on that thread.
"""

import queue
import sys
import threading
import time

import pytest

import nodehttp as http
from nodehttp import _foreign
from test_client_helpers import RawServer, _default_respond, spin

pytestmark = pytest.mark.timeout(60)


def _track(req, log):
    for e in ('socket', 'finish', 'response', 'close', 'error', 'abort'):
        def f(x=None, e=e):
            log.append(e)
            if e == 'response':
                x.resume()
        req.on(e, f)


def test_nothing_happens_until_the_thread_waits(srv):
    log = []
    req = http.get(srv.url)
    _track(req, log)
    spin(0.1)                       # busy, no wait: the request has not started
    assert log == [] and req.socket is None and srv.requests == []
    done = threading.Event()
    req.on('close', done.set)
    assert done.wait(5)               # a wait: it starts, in Node's order
    assert log == ['socket', 'finish', 'response', 'close']
    assert len(srv.requests) == 1


def test_sleep_zero_is_a_wait(srv):
    log = []
    req = http.get(srv.url, lambda res: res.resume())
    req.on('socket', lambda s: log.append(threading.current_thread()))
    closed = threading.Event()
    req.on('close', closed.set)
    time.sleep(0)
    assert log == [threading.current_thread()]      # 'socket' ran on this thread
    assert closed.wait(5)


def test_a_thread_that_ends_without_waiting(srv):
    out = queue.Queue()

    def fire():
        http.get(srv.url, lambda res: (res.resume(), res.on('end', lambda: out.put('end'))))

    t = threading.Thread(target=fire)
    t.start()
    t.join()
    assert out.get(timeout=5) == 'end'


def test_starting_a_thread_is_not_a_wait(srv):
    log = []
    req = http.get(srv.url)
    t = threading.Thread(target=time.sleep, args=(0.05,))
    t.start()                          # waits inside Thread.start: not a yield
    _track(req, log)
    assert log == []
    t.join()                           # a wait (the thread still sleeps)
    assert log[:1] == ['socket']


def test_abort_right_after_the_request_gives_nodes_order(srv):
    """Node: req.abort() right after http.get(): 'close', then 'abort' (both
    on the next tick, onSocketNT first), no 'socket', no 'error'."""
    log = []
    req = http.get(srv.url)
    req.abort()
    _track(req, log)
    time.sleep(0.2)
    assert log == ['close', 'abort']


def test_destroy_right_after_the_request(srv):
    log = []
    req = http.get(srv.url, agent=False)
    req.destroy()
    _track(req, log)
    req.on('error', lambda e: log.append(e.code))
    time.sleep(0.2)
    assert log == ['error', 'ECONNRESET', 'close']


def test_requests_made_by_a_listener_at_the_wait_start_too(srv):
    """Deferred work that makes another request (a 'socket' listener here):
    that one starts before the thread blocks as well."""
    got = queue.Queue()

    def on_socket(sock):
        http.get(srv.url, lambda res: (res.resume(), res.on('end', lambda: got.put('inner'))))

    req = http.get(srv.url, lambda res: res.resume())
    req.on('socket', on_socket)
    assert got.get(timeout=5) == 'inner'


def test_a_failing_socket_listener_is_reported_and_destroys_the_connection(srv, monkeypatch):
    """As for any listener on nodehttp's threads: reported through
    threading.excepthook, that connection destroyed (the request gets
    'error' and 'close'), the rest goes on."""
    reported = []
    monkeypatch.setattr(threading, 'excepthook', lambda args: reported.append(args.exc_value))
    log = []
    done = threading.Event()
    req = http.get(srv.url, lambda res: res.resume())

    def bad(sock):
        raise RuntimeError('listener failed')

    req.on('socket', bad)
    req.on('error', lambda e: log.append(e.code))
    req.on('close', done.set)
    assert done.wait(5)
    assert log == ['ECONNRESET']
    assert [str(e) for e in reported] == ['listener failed']
    ok = threading.Event()
    http.get(srv.url, lambda res: (res.resume(), res.on('end', ok.set)))
    assert ok.wait(5)


def test_with_a_profiler_there_is_no_tick(srv):
    """A thread that already has a profile function: no tick; the request
    starts at once, as before (listeners attached in time still work)."""
    out = []

    def run():
        sys.setprofile(lambda *a: None)
        try:
            assert _foreign.tick() is None
            done = threading.Event()
            req = http.get(srv.url, lambda res: (res.resume(), res.on('end', done.set)))
            assert req._ftick is None
            out.append(done.wait(5))
        finally:
            sys.setprofile(None)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert out == [True]


def test_profile_function_replaced_then_the_thread_ends(srv):
    """Someone replaces our profile function and the thread ends without a
    wait it could see: its end hands the tick to the closer thread,
    which starts the request (_foreign.py)."""
    out = queue.Queue()

    def run():
        http.get(srv.url, lambda res: (res.resume(), res.on('end', lambda: out.put('end'))))
        sys.setprofile(None)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert out.get(timeout=5) == 'end'


def test_the_profile_function_is_gone_after_the_wait(srv):
    done = threading.Event()
    http.get(srv.url, lambda res: (res.resume(), res.on('end', done.set)))
    assert sys.getprofile() is _foreign._profile
    assert done.wait(5)
    assert sys.getprofile() is None
    assert _foreign.current() is None


def test_a_request_queued_by_the_agent_waits_for_its_creators_wait(srv):
    """maxSockets 1: the second request gets the socket from the socket's
    thread; if its creator has not waited yet, it still waits for that."""
    agent = http.Agent(keepAlive=True, maxSockets=1)
    try:
        log = []
        first = http.get(srv.url, {'agent': agent}, lambda res: res.resume())
        first.on('close', lambda: log.append('first close'))
        time.sleep(0.2)                 # the first one is done, its socket free
        second = http.get(srv.url, {'agent': agent})
        spin(0.05)
        assert log == ['first close'] and second.socket is None
        done = threading.Event()
        second.on('response', lambda res: (res.resume(), log.append('second response')))
        second.on('close', done.set)
        assert done.wait(5)
        assert log == ['first close', 'second response']
        assert second.reusedSocket
    finally:
        agent.destroy()


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
