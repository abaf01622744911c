"""Thread ends are heard, not polled (nodehttp/_liveness.py, thread_end()).

A thread's ThreadEnd fires from its teardown (a thread-local sentinel), the
main thread's at the end of its program; what waits for a creating thread's
end -- a held 'response', a held connect 'error', the tick of a thread that
ended with it open -- is woken by it, at once, with no poll interval.
"""

import _thread
import queue
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import nodehttp as http
from nodehttp import _foreign, _liveness, net
from test_client_helpers import RawServer

pytestmark = pytest.mark.timeout(60)

PROMPT = 0.5        # s; "at once" for a release that is woken, not polled


def _start(target, kind):
    if kind == 'thread':
        threading.Thread(target=target).start()
    else:
        _thread.start_new_thread(target, ())


# -- the notification itself ---------------------------------------------------------

@pytest.mark.parametrize('kind', ['thread', 'start_new_thread'])
@pytest.mark.parametrize('how', ['return', 'raise'])
def test_a_thread_that_ends_fires_its_end(kind, how, monkeypatch):
    monkeypatch.setattr(threading, 'excepthook', lambda args: None)
    monkeypatch.setattr(sys, 'unraisablehook', lambda args: None)   # (start_new_thread)
    out = queue.Queue()
    called = []

    def body():
        me = threading.current_thread()
        end = _liveness.thread_end()
        assert _liveness.thread_end() is end                  # one per thread
        assert _liveness.thread_end(me) is end
        assert _liveness.ended_event() is end.event
        assert end.add(lambda: called.append(1))
        out.put((me, end))
        time.sleep(0.05)
        if how == 'raise':
            raise ValueError('the thread ends with an exception')

    _start(body, kind)
    thread, end = out.get(timeout=5)
    assert not end.ended and _liveness.alive(thread)
    assert end.event.wait(5)
    assert called == [1]
    # seen by another thread too, _DummyThread included (whose is_alive()
    # stays True on 3.9-3.11)
    assert _liveness.thread_end(thread) is end
    assert not _liveness.alive(thread)
    assert end.add(lambda: called.append(2)) is False          # too late: not kept
    end.fire()                                                 # once only
    assert called == [1]


def test_start_new_thread_threads_one_after_another():
    """A _thread.start_new_thread thread often reuses the ident of one that
    ended, and with it (3.9-3.11) that one's _DummyThread object: its end is
    a new one, not the ended one."""
    for _ in range(20):
        out = queue.Queue()

        def body():
            end = _liveness.thread_end()
            out.put((end, end.ended))

        _thread.start_new_thread(body, ())
        end, ended = out.get(timeout=5)
        assert not ended                # not the end of the earlier thread
        assert end.event.wait(5)


def test_a_removed_callback_is_not_called():
    out = queue.Queue()
    called = []
    go = threading.Event()

    def body():
        end = _liveness.thread_end()
        end.add(called.append)
        out.put(end)
        go.wait(5)

    t = threading.Thread(target=body)
    t.start()
    end = out.get(timeout=5)
    end.remove(called.append)
    end.remove(called.append)                  # absent: no error
    go.set()
    t.join()
    assert end.event.wait(5) and called == []


def test_another_threads_end_is_known_only_once_it_registered():
    go = threading.Event()
    t = threading.Thread(target=go.wait, args=(5,))
    t.start()
    try:
        assert _liveness.thread_end(t) is None                 # alive, unregistered
    finally:
        go.set()
        t.join()
    late = _liveness.thread_end(t)
    assert late is not None and late.ended


def _script(code, timeout=15):
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=timeout)


def test_the_main_threads_end_is_its_programs_end():
    """The main thread's end fires when its program has finished (before the
    interpreter waits for the keeper), on every Python, 3.12.0/3.12.1 too."""
    p = _script('''
        import threading
        from nodehttp import _liveness
        main = threading.main_thread()
        end = _liveness.thread_end()
        assert end is _liveness.thread_end(main) is _liveness.thread_end()
        assert _liveness.alive(main) and not end.ended

        def waiter():
            end.event.wait()
            print('heard; alive:', _liveness.alive(main), flush=True)
            _liveness.unref()

        _liveness.ref()                       # the keeper waits for the waiter
        threading.Thread(target=waiter, daemon=True).start()
        print('main done', flush=True)
    ''')
    assert p.returncode == 0, p.stderr
    assert p.stdout == 'main done\nheard; alive: False\n'


def test_a_held_response_is_released_by_the_main_programs_end():
    """A script that never listens for 'response' still exits: its end
    releases the hold at once (the response is dumped, 'close' follows)."""
    s = RawServer()
    try:
        p = _script('''
            import time
            import nodehttp as http
            req = http.get('%s')
            req.on('close', lambda: print('close %%.2f' %% (time.monotonic() - t), flush=True))
            time.sleep(0.3)                    # the response is in, held
            t = time.monotonic()
        ''' % s.url)
    finally:
        s.close()
    assert p.returncode == 0, p.stderr
    word, took = p.stdout.split()
    assert word == 'close' and float(took) < PROMPT


# -- what waits for a creator's end -----------------------------------------------------

@pytest.mark.parametrize('kind', ['thread', 'start_new_thread'])
def test_a_held_response_is_released_by_its_creators_end(srv, kind):
    """The creating thread never listens for 'response': the hold (socket
    unread) ends when that thread ends -- at once, not at a poll."""
    out = queue.Queue()

    def body():
        req = http.get(srv.url)
        req.on('close', lambda: out.put(('close', time.monotonic())))
        time.sleep(0.3)                    # a wait: the request goes; its response is held
        out.put(('req', req))
        out.put(('end', time.monotonic()))

    _start(body, kind)
    kind_, req = out.get(timeout=5)
    assert kind_ == 'req'
    _, ended = out.get(timeout=5)
    what, closed = out.get(timeout=5)
    assert what == 'close'
    assert closed - ended < PROMPT
    assert req.res is not None and req.res.statusCode == 200


def test_prepend_listener_releases_a_hold(srv):
    got = queue.Queue()
    done = threading.Event()
    req = http.get(srv.url)
    req.on('close', done.set)
    time.sleep(0.3)                        # the response is in, held for a listener
    t0 = time.monotonic()
    req.prependListener('response', lambda res: (got.put(time.monotonic()), res.resume()))
    assert got.get(timeout=5) - t0 < PROMPT
    assert done.wait(5)


def test_destroy_releases_a_hold(srv):
    req = http.get(srv.url)
    time.sleep(0.3)                        # the response is in, held for a listener
    closed = threading.Event()
    req.on('close', closed.set)
    t0 = time.monotonic()
    req.destroy()
    assert closed.wait(5)
    assert time.monotonic() - t0 < PROMPT


def test_a_held_connect_error_is_released_by_its_creators_end(monkeypatch):
    """net.connect() to a closed port from a thread that never listens for
    'error': the error is held until that thread ends, then raised with no
    listener (reported) at once."""
    reported = queue.Queue()
    monkeypatch.setattr(threading, 'excepthook',
                        lambda args: reported.put((args.exc_value, time.monotonic())))
    import socket
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()                              # nothing listens there
    out = queue.Queue()

    def body():
        net.connect(port, '127.0.0.1')
        time.sleep(0.3)                    # the connect fails meanwhile: held
        out.put(time.monotonic())

    threading.Thread(target=body).start()
    ended = out.get(timeout=5)
    err, when = reported.get(timeout=5)
    assert getattr(err, 'code', None) == 'ECONNREFUSED'
    assert when - ended < PROMPT


def test_a_held_connect_error_is_released_by_a_listener():
    import socket
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    got = queue.Queue()
    sock = net.connect(port, '127.0.0.1')
    time.sleep(0.3)                        # failed meanwhile: held
    t0 = time.monotonic()
    sock.prependListener('error', lambda err: got.put(time.monotonic()))
    assert got.get(timeout=5) - t0 < PROMPT


# -- the tick of a thread that ended with it open ----------------------------------------

def test_the_tick_of_a_thread_that_ended_unseen_runs_at_once(srv):
    """Our profile function replaced, the thread ends with its tick open:
    its end hands the tick to the closer thread, which starts the request."""
    out = queue.Queue()

    closed = threading.Event()

    def run():
        req = http.get(srv.url, lambda res: res.resume())
        req.on('socket', lambda s: out.put(('socket', threading.current_thread().name,
                                            time.monotonic())))
        req.on('close', closed.set)
        sys.setprofile(None)
        out.put(('end', None, time.monotonic()))

    threading.Thread(target=run).start()
    _, _, ended = out.get(timeout=5)
    what, where, when = out.get(timeout=5)
    assert what == 'socket' and where == 'nodehttp-tick-closer'
    assert when - ended < PROMPT
    assert closed.wait(5)


def test_the_closer_blocks_while_a_tick_is_open_and_ends_when_idle(monkeypatch):
    monkeypatch.setattr(_foreign, '_CLOSER_LINGER', 0.1)
    t = _foreign.tick(armed=False)             # open, and nothing will end it
    try:
        closer = _foreign._closer_thread
        assert closer is not None and closer.is_alive()
        _foreign._ended.put(None)              # (a closer from earlier: re-read the linger)
        deadline = time.monotonic() + 5
        while not _foreign._closer_untimed and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _foreign._closer_untimed        # a tick is open: no timeout now
        assert closer.is_alive()
    finally:
        _foreign.end()                         # the tick ends: idle
    assert t._state == _foreign._CLOSED
    closer.join(5)
    assert not closer.is_alive() and _foreign._closer_thread is None
