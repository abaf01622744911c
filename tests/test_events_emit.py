"""emit(): return value, order, snapshots, duplicates, threads."""
import threading

import pytest

from nodehttp.events import EventEmitter

pytestmark = pytest.mark.timeout(30)


def test_emit_returns_false_without_listeners():
    assert EventEmitter().emit('x', 1) is False


def test_emit_returns_true_when_a_listener_ran():
    ee = EventEmitter()
    ee.on('x', lambda *a: None)
    assert ee.emit('x') is True


def test_emit_passes_positional_and_keyword_arguments():
    ee, seen = EventEmitter(), []
    ee.on('x', lambda *a, **k: seen.append((a, k)))
    ee.emit('x', 1, 'two', three=3)
    assert seen == [((1, 'two'), {'three': 3})]


def test_listeners_run_in_registration_order():
    ee, seen = EventEmitter(), []
    for i in range(5):
        ee.on('x', lambda i=i: seen.append(i))
    ee.emit('x')
    assert seen == [0, 1, 2, 3, 4]


def test_same_listener_twice_is_called_twice():
    ee, seen = EventEmitter(), []

    def f():
        seen.append('f')
    ee.on('x', f)
    ee.on('x', f)
    ee.emit('x')
    assert seen == ['f', 'f']
    assert ee.listenerCount('x') == 2


def test_listener_added_during_emit_does_not_run_in_that_emit():
    ee, seen = EventEmitter(), []

    def late():
        seen.append('late')

    def first():
        seen.append('first')
        ee.on('x', late)
    ee.on('x', first)
    ee.emit('x')
    assert seen == ['first']
    ee.emit('x')
    assert seen == ['first', 'first', 'late']


def test_listener_removed_during_emit_still_runs_in_that_emit():
    ee, seen = EventEmitter(), []

    def b():
        seen.append('B')

    def a():
        seen.append('A')
        ee.removeListener('x', b)
    ee.on('x', a)
    ee.on('x', b)
    ee.emit('x')
    assert seen == ['A', 'B']
    ee.emit('x')
    assert seen == ['A', 'B', 'A']


def test_listener_exception_propagates_and_skips_later_listeners():
    ee, seen = EventEmitter(), []

    def boom():
        raise KeyError('boom')
    ee.on('x', boom)
    ee.on('x', lambda: seen.append('later'))
    with pytest.raises(KeyError):
        ee.emit('x')
    assert seen == []


def test_event_names_can_be_any_hashable():
    ee, seen = EventEmitter(), []
    key = ('tuple', 1)
    ee.on(key, seen.append)
    assert ee.emit(key, 5) is True
    assert seen == [5]


def test_concurrent_emit_add_remove_from_many_threads_does_not_raise():
    ee = EventEmitter()
    ee.setMaxListeners(0)
    errors, counter = [], []
    lock = threading.Lock()

    def bump(*a):
        with lock:
            counter.append(1)

    def worker():
        try:
            for _ in range(2000):
                def mine(*a):
                    pass
                ee.on('x', mine)
                ee.once('x', bump)
                ee.emit('x', 1)
                ee.off('x', mine)
                ee.off('x', bump)
                ee.eventNames()
                ee.listeners('x')
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ee.listenerCount('x') == 0
