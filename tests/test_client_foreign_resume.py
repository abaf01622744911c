"""A response handed to another thread (here: the main thread) is read in
full whatever that thread does, and whenever it does it.

Two causes lost a body once resume() came from a thread that is not the
socket's:

- the socket's thread flowed a response only while chunks were buffered: a
  resume() after the last chunk had been read (an empty body, or a body
  consumed already) never gave 'end';
- resume() (or `on('data')`) took effect at once on the socket's thread, so
  'end' could be emitted before the calling thread attached its 'end'
  listener on the next line (Node: flowing starts on the next tick).  Now
  the socket's thread sees the stream flowing once the calling thread waits
  (nodehttp/_foreign.py).
"""

import queue
import random
import threading
import time

import pytest

import nodehttp as http
from test_client_helpers import spin

pytestmark = pytest.mark.timeout(60)

BODIES = [b'', b'0123456789', b'x' * 100000]


@pytest.fixture
def server():
    def handler(req, res):
        res.end(BODIES[int(req.url[1:])])

    srv = http.createServer(handler)
    srv.listen(0, '127.0.0.1')
    agent = http.Agent(keepAlive=True)
    try:
        yield srv.address()['port'], agent
    finally:
        agent.destroy()
        srv.close()


def _response(port, agent, body_index):
    """Makes a request; the response object, handed to this thread untouched."""
    box = queue.Queue()
    http.get({'port': port, 'host': '127.0.0.1', 'agent': agent, 'path': '/%d' % body_index},
             box.put)
    return box.get(timeout=5)


def _consume(res, mode, pause):
    """Reads res on this thread in one of the ways Node code does; the body,
    or None if 'end' never came."""
    got = []
    done = threading.Event()
    if mode == 'resume, then end':
        res.resume()
        pause()
        res.on('end', done.set)
        expect_data = False
    elif mode == 'data, then end':
        res.on('data', got.append)
        pause()
        res.on('end', done.set)
        expect_data = True
    elif mode == 'end, then resume':
        res.on('end', done.set)
        pause()
        res.resume()
        expect_data = False
    elif mode == 'pipe':
        class Sink(http.EventEmitter):
            def write(self, chunk):
                got.append(bytes(chunk))
                return True

            def end(self):
                done.set()
        res.pipe(Sink())
        pause()
        expect_data = True
    else:  # 'iterate'
        pause()
        got.extend(res)
        done.set()
        expect_data = True
    if not done.wait(5):
        return None
    return b''.join(got) if expect_data else True


MODES = ['resume, then end', 'data, then end', 'end, then resume', 'pipe', 'iterate']


@pytest.mark.parametrize('body_index', range(len(BODIES)), ids=['empty', 'small', 'large'])
@pytest.mark.parametrize('mode', MODES)
def test_response_read_on_another_thread_after_a_busy_pause(server, mode, body_index):
    """The calling thread is busy (no wait) between two calls for longer
    than Python's switch interval: the socket's thread runs meanwhile, but
    must not flow the body until this thread waits."""
    port, agent = server
    for _ in range(3):
        res = _response(port, agent, body_index)
        out = _consume(res, mode, lambda: spin(0.012))
        assert out is not None, "'end' never came"
        if out is not True:
            assert out == BODIES[body_index]


def test_response_resumed_after_its_last_chunk_was_read(server):
    """resume() from another thread once the whole (empty) body is in:
    'end' still comes."""
    port, agent = server
    for _ in range(5):
        res = _response(port, agent, 0)
        assert _wait(lambda: res.complete)
        time.sleep(0.01)                 # the socket's thread waits for a reader now
        done = threading.Event()
        res.on('end', done.set)
        res.resume()
        assert done.wait(5)


def _wait(pred, timeout=5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.002)
    return False


def test_resume_from_another_thread_at_random_moments(server):
    """Stress: 200 responses, each read on this thread in a random way at a
    random moment (the socket's thread has read none, some or all of the
    body), with a random busy pause between the two calls that start the
    reading (a pause that *waits* would end the tick: in Node too an 'end'
    listener attached after an await may come too late).  Bodies empty, small
    and past the high-water mark.  Every body arrives whole."""
    port, agent = server
    rnd = random.Random(3)
    failures = []
    started = time.monotonic()
    for i in range(200):
        body_index = rnd.randrange(len(BODIES))
        mode = rnd.choice(MODES)
        delay = rnd.random() * 0.008
        moment = rnd.choice(['at once', 'sleep', 'spin'])
        before = rnd.random() * 0.003
        pause = (lambda: spin(delay)) if rnd.random() < 0.5 else (lambda: None)
        res = _response(port, agent, body_index)
        if moment == 'sleep':
            time.sleep(before)
        elif moment == 'spin':
            spin(before)
        out = _consume(res, mode, pause)
        if out is None or (out is not True and out != BODIES[body_index]):
            failures.append((i, mode, moment, body_index, None if out is None else len(out)))
            if len(failures) > 2:
                break
    assert failures == []
    assert time.monotonic() - started < 30
    assert len(agent.freeSockets.get('127.0.0.1:%d:' % port, [])) <= 1
