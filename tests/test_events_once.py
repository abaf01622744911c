"""once() and prependOnceListener(): fire once, removal, raw wrappers."""
import threading

import pytest

from nodehttp.events import EventEmitter

pytestmark = pytest.mark.timeout(30)


def test_once_listener_fires_only_once():
    ee, seen = EventEmitter(), []
    ee.once('x', seen.append)
    assert ee.emit('x', 1) is True
    assert ee.emit('x', 2) is False
    assert seen == [1]


def test_once_listener_is_removed_before_it_is_called():
    ee, seen = EventEmitter(), []

    def f(n):
        seen.append((n, ee.listenerCount('x')))
        if n < 3:
            ee.emit('x', n + 1)
    ee.once('x', f)
    ee.emit('x', 1)
    assert seen == [(1, 0)]


def test_once_listener_is_removed_even_if_it_raises():
    ee = EventEmitter()

    def f():
        raise RuntimeError('x')
    ee.once('x', f)
    with pytest.raises(RuntimeError):
        ee.emit('x')
    assert ee.listenerCount('x') == 0


def test_once_and_on_of_one_function_are_two_registrations():
    ee, seen = EventEmitter(), []

    def f():
        seen.append('f')
    ee.once('x', f)
    ee.on('x', f)
    ee.emit('x')
    assert seen == ['f', 'f']
    ee.emit('x')
    assert seen == ['f', 'f', 'f']


def test_once_decorator_registers_and_returns_the_function():
    ee, seen = EventEmitter(), []

    @ee.once('x')
    def handler(v):
        seen.append(v)
    assert callable(handler) and handler.__name__ == 'handler'
    ee.emit('x', 1)
    ee.emit('x', 2)
    assert seen == [1]


def test_once_listener_fires_exactly_once_under_concurrent_emits():
    for _ in range(50):
        ee, calls = EventEmitter(), []
        ee.once('x', lambda: calls.append(1))
        barrier = threading.Barrier(8)

        def worker():
            barrier.wait()
            ee.emit('x')
        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert calls == [1]


def test_once_removed_during_emit_still_runs_in_that_emit():
    # Node: the emit's snapshot holds the wrapper, which has not fired.
    ee, seen = EventEmitter(), []

    def h2():
        seen.append('h2')

    def h1():
        seen.append('h1')
        ee.removeListener('w', h2)
    ee.on('w', h1)
    ee.once('w', h2)
    ee.emit('w')
    ee.emit('w')
    assert seen == ['h1', 'h2', 'h1']


def test_raw_listeners_give_the_once_wrapper_which_fires_and_removes():
    ee, seen = EventEmitter(), []

    def f():
        seen.append('f')
    ee.once('q', f)
    raw = ee.rawListeners('q')[0]
    assert raw is not f and raw.listener is f
    assert ee.listeners('q') == [f]
    raw()
    assert seen == ['f'] and ee.listenerCount('q') == 0
    raw()
    assert seen == ['f']


def test_prepend_once_listener_runs_first_then_is_gone():
    ee, seen = EventEmitter(), []
    ee.on('p', lambda: seen.append('on'))
    assert ee.prependOnceListener('p', lambda: seen.append('once')) is ee
    ee.emit('p')
    ee.emit('p')
    assert seen == ['once', 'on', 'on']
