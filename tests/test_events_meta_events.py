"""'newListener' and 'removeListener'."""
import pytest

from nodehttp.events import EventEmitter

pytestmark = pytest.mark.timeout(30)


def f():
    pass


def test_new_listener_is_emitted_before_the_add():
    ee, seen = EventEmitter(), []
    ee.on('newListener', lambda ev, l: seen.append((ev, l, ee.listenerCount(ev))))
    ee.on('x', f)
    assert seen == [('x', f, 0)]


def test_new_listener_gets_the_original_function_for_once():
    ee, seen = EventEmitter(), []
    ee.on('newListener', lambda ev, l: seen.append(l))
    ee.once('x', f)
    ee.prependOnceListener('x', f)
    assert seen == [f, f]


def test_new_listener_is_emitted_for_adding_a_new_listener_listener():
    ee, seen = EventEmitter(), []

    def nl2(ev, l):
        pass
    ee.on('newListener', lambda ev, l: seen.append((ev, l)))
    ee.on('newListener', nl2)
    assert seen == [('newListener', nl2)]


def test_listener_added_inside_new_listener_lands_before_the_new_one():
    ee, seen = EventEmitter(), []

    def on_new(ev, l):
        if ev == 'event':
            ee.on('event', lambda: seen.append('B'))
    ee.once('newListener', on_new)
    ee.on('event', lambda: seen.append('A'))
    ee.emit('event')
    assert seen == ['B', 'A']


def test_remove_listener_event_is_emitted_after_removal_with_original():
    ee, seen = EventEmitter(), []
    ee.on('removeListener', lambda ev, l: seen.append((ev, l, ee.listenerCount(ev))))
    ee.once('x', f)
    ee.off('x', f)
    assert seen == [('x', f, 0)]


def test_remove_listener_event_precedes_the_call_of_a_firing_once_listener():
    ee, seen = EventEmitter(), []

    def g():
        seen.append('g')
    ee.on('removeListener', lambda ev, l: seen.append(('removed', ev, l)))
    ee.once('x', g)
    ee.emit('x')
    assert seen == [('removed', 'x', g), 'g']


def test_remove_listener_event_not_emitted_for_unknown_listener():
    ee, seen = EventEmitter(), []
    ee.on('removeListener', lambda *a: seen.append(a))
    ee.off('x', f)
    assert seen == []


def test_remove_all_listeners_of_an_event_announces_newest_first():
    ee, seen = EventEmitter(), []

    def a():
        pass

    def b():
        pass
    ee.on('x', a).on('x', b)
    ee.on('removeListener', lambda ev, l: seen.append((ev, l.__name__, ee.listenerCount(ev))))
    ee.removeAllListeners('x')
    assert seen == [('x', 'b', 1), ('x', 'a', 0)]


def test_remove_all_listeners_announces_remove_listener_listeners_last():
    ee, seen = EventEmitter(), []

    def rl1(ev, l):
        seen.append((ev, l.__name__))

    def rl2(ev, l):
        pass
    ee.on('removeListener', rl1)
    ee.on('x', f)
    ee.on('removeListener', rl2)
    ee.removeAllListeners()
    # rl2 goes first (newest); rl1 sees it, then rl1 itself is gone.
    assert seen == [('x', 'f'), ('removeListener', 'rl2')]
    assert ee.eventNames() == []


def test_remove_listener_event_gets_the_once_wrapper_when_others_remain():
    # lib/events.js reports the original only when the event had a single
    # listener; among others, a firing once-listener reports its wrapper.
    ee, seen = EventEmitter(), []

    def g():
        pass
    ee.on('removeListener', lambda ev, l: seen.append(l))
    ee.on('x', f)
    ee.once('x', g)
    ee.emit('x')
    assert seen[0] is not g and seen[0].listener is g
    assert seen[0].__name__ == 'bound onceWrapper'
