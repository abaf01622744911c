"""Return values, decorators, inspection, pyee compatibility, subclass hooks."""
import pyee
import pytest

from nodehttp.events import EventEmitter

pytestmark = pytest.mark.timeout(30)


def f():
    pass


def g():
    pass


def test_adding_methods_return_the_emitter():
    ee = EventEmitter()
    for method in ('on', 'addListener', 'once', 'prependListener', 'prependOnceListener'):
        assert getattr(ee, method)('x', f) is ee


def test_on_decorator_registers_and_returns_the_function():
    ee, seen = EventEmitter(), []

    @ee.on('x')
    def handler(v):
        seen.append(v)
    assert handler.__name__ == 'handler'
    ee.emit('x', 1)
    assert seen == [1]


def test_listens_to_is_a_decorator_too():
    ee = EventEmitter()
    decorated = ee.listens_to('x')(f)
    assert decorated is f and ee.listeners('x') == [f]


def test_prepend_listener_puts_the_listener_first():
    ee = EventEmitter().on('x', f)
    ee.prependListener('x', g)
    assert ee.listeners('x') == [g, f]


def test_listeners_give_original_functions_and_raw_listeners_the_wrappers():
    ee = EventEmitter().on('x', f).once('x', g)
    assert ee.listeners('x') == [f, g]
    raw = ee.rawListeners('x')
    assert raw[0] is f and raw[1] is not g and raw[1].listener is g
    assert ee.listeners('nope') == [] and ee.rawListeners('nope') == []


def test_listener_count_with_and_without_a_listener():
    ee = EventEmitter().on('a', f).once('a', f).on('a', g)
    assert ee.listenerCount('a') == 3
    assert ee.listenerCount('a', f) == 2
    assert ee.listenerCount('a', lambda: None) == 0
    assert ee.listenerCount('nope') == 0


def test_event_names_is_a_list_in_insertion_order():
    ee = EventEmitter().on('b', f).on('a', f).on('c', f)
    ee.off('a', f)
    assert ee.eventNames() == ['b', 'c']
    ee.on('a', f)
    assert ee.eventNames() == ['b', 'c', 'a']


def test_is_a_pyee_event_emitter():
    assert isinstance(EventEmitter(), pyee.EventEmitter)


def test_init_takes_no_arguments():
    with pytest.raises(TypeError):
        EventEmitter(1)


def test_cooperative_multiple_inheritance_runs_every_init():
    calls = []

    class Mixin:
        def __init__(self):
            calls.append('mixin')
            super().__init__()

    class A(EventEmitter, Mixin):
        def __init__(self):
            calls.append('A')
            super().__init__()

    class B(Mixin, EventEmitter):
        def __init__(self):
            calls.append('B')
            super().__init__()
    a = A()
    assert calls == ['A', 'mixin']
    assert a.on('x', f).emit('x') is True
    calls.clear()
    b = B()
    assert calls == ['B', 'mixin']
    assert b.on('x', f).emit('x') is True


class Hooked(EventEmitter):
    def __init__(self):
        super().__init__()
        self.added, self.removed = [], []

    def _listener_added(self, event):
        self.added.append((event, self.listenerCount(event)))

    def _listener_removed(self, event):
        self.removed.append((event, self.listenerCount(event)))


def test_listener_added_hook_runs_after_on_add_listener_and_once():
    ee = Hooked()
    ee.on('data', f)
    ee.addListener('data', f)
    ee.add_listener('data', f)
    ee.once('data', f)
    assert ee.added == [('data', 1), ('data', 2), ('data', 3), ('data', 4)]


def test_listener_added_hook_does_not_run_for_prepend():
    ee = Hooked()
    ee.prependListener('data', f)
    ee.prependOnceListener('data', f)
    assert ee.added == []


def test_listener_removed_hook_runs_after_each_kind_of_removal():
    ee = Hooked()
    ee.on('a', f).once('b', f).on('c', f).on('d', f)
    ee.off('a', f)
    ee.off('a', f)            # unknown: no hook
    ee.emit('b')              # a once-listener fires
    ee.removeAllListeners('c')
    ee.removeAllListeners()
    assert ee.removed == [('a', 0), ('b', 0), ('c', 0), ('d', 0)]


def test_subclass_overriding_on_sees_once_and_add_listener():
    seen = []

    class Sub(EventEmitter):
        def on(self, event, listener=None):
            seen.append(event)
            return super().on(event, listener)
    s = Sub()
    s.once('x', f)
    s.addListener('y', f)
    assert seen == ['x', 'y']
