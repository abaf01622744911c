"""removeListener / off / removeAllListeners."""
import pytest

from nodehttp.events import EventEmitter

pytestmark = pytest.mark.timeout(30)


def f(*a):
    pass


def g(*a):
    pass


def test_remove_listener_returns_self():
    ee = EventEmitter().on('x', f)
    assert ee.removeListener('x', f) is ee
    assert ee.off('x', f) is ee


def test_remove_unknown_listener_is_a_noop():
    ee = EventEmitter().on('x', f)
    ee.removeListener('x', g)
    ee.removeListener('nope', g)
    assert ee.listeners('x') == [f]


def test_remove_listener_removes_one_registration_at_a_time():
    ee = EventEmitter().on('x', f).on('x', f)
    ee.off('x', f)
    assert ee.listeners('x') == [f]
    ee.off('x', f)
    assert ee.listeners('x') == []


def test_remove_listener_removes_the_most_recent_registration():
    # Node's docs: on(pong), once(pong), removeListener(pong) drops the once.
    ee, seen = EventEmitter(), []

    def pong():
        seen.append('pong')
    ee.on('ping', pong)
    ee.once('ping', pong)
    ee.removeListener('ping', pong)
    ee.emit('ping')
    ee.emit('ping')
    assert seen == ['pong', 'pong']


def test_remove_listener_finds_a_once_listener_by_its_original_function():
    ee = EventEmitter().once('x', f)
    ee.removeListener('x', f)
    assert ee.emit('x') is False


def test_remove_listener_keeps_order_of_the_others():
    ee = EventEmitter().on('x', f).on('x', g).on('x', f)
    ee.off('x', g)
    assert ee.listeners('x') == [f, f]


def test_remove_listener_accepts_a_fresh_bound_method():
    class Obj:
        def meth(self):
            pass
    o = Obj()
    ee = EventEmitter().on('x', o.meth)
    ee.off('x', o.meth)
    assert ee.listenerCount('x') == 0


def test_remove_all_listeners_of_one_event():
    ee = EventEmitter().on('x', f).once('x', g).on('y', f)
    assert ee.removeAllListeners('x') is ee
    assert ee.eventNames() == ['y']


def test_remove_all_listeners_of_every_event():
    ee = EventEmitter().on('x', f).on('y', g)
    assert ee.removeAllListeners() is ee
    assert ee.eventNames() == []
    assert ee.emit('x') is False


def test_event_name_disappears_when_its_last_listener_is_removed():
    ee = EventEmitter().on('x', f).on('y', f)
    ee.off('x', f)
    assert ee.eventNames() == ['y']


def test_snake_case_aliases_have_node_semantics():
    ee = EventEmitter()
    assert ee.add_listener('x', f) is ee
    assert ee.add_listener('x', f) is ee
    assert ee.listener_count('x') == 2
    assert ee.prepend_listener('x', g) is ee
    assert ee.prepend_once_listener('x', g) is ee
    assert ee.raw_listeners('x')[0].listener is g
    assert ee.event_names() == ['x']
    assert ee.remove_listener('x', f) is ee
    assert ee.remove_listener('x', 'x' and g) is ee
    assert ee.listeners('x') == [g, f]
    assert ee.remove_listener('nope', f) is ee
    assert ee.set_max_listeners(3) is ee and ee.get_max_listeners() == 3
    assert ee.remove_all_listeners('x') is ee
    assert ee.event_names() == []
