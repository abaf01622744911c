"""'error' without listener, argument validation, max listeners."""
import warnings

import pytest

from nodehttp.events import (
    EventEmitter, MaxListenersExceededWarning, UnhandledError)

pytestmark = pytest.mark.timeout(30)


def test_error_with_exception_and_no_listener_raises_that_exception():
    err = ValueError('bad')
    with pytest.raises(ValueError) as info:
        EventEmitter().emit('error', err)
    assert info.value is err


def test_error_with_non_exception_raises_err_unhandled_error():
    with pytest.raises(UnhandledError) as info:
        EventEmitter().emit('error', 'a string')
    assert info.value.code == 'ERR_UNHANDLED_ERROR'
    assert str(info.value) == "Unhandled error. ('a string')"
    assert info.value.context == 'a string'


def test_error_without_argument_says_undefined():
    with pytest.raises(UnhandledError) as info:
        EventEmitter().emit('error')
    assert str(info.value) == 'Unhandled error. (undefined)'
    assert info.value.context is None


def test_error_with_a_listener_does_not_raise():
    ee, seen = EventEmitter(), []
    ee.on('error', seen.append)
    assert ee.emit('error', 'x') is True
    assert seen == ['x']


@pytest.mark.parametrize('method', ['on', 'addListener', 'once', 'prependListener',
                                    'prependOnceListener', 'removeListener', 'off'])
def test_non_callable_listener_raises_err_invalid_arg_type(method):
    ee = EventEmitter()
    with pytest.raises(TypeError) as info:
        getattr(ee, method)('x', 'x')
    assert info.value.code == 'ERR_INVALID_ARG_TYPE'
    assert str(info.value) == ('The "listener" argument must be of type function. '
                               "Received type string ('x')")  # Node's wording


def test_invalid_arg_type_message_describes_none_objects_and_long_values():
    ee = EventEmitter()
    cases = [(None, 'Received undefined'),          # None is Node's undefined
             (object(), 'Received an instance of object'),
             ('a very long string that goes on and on',
              "Received type string ('a very long string that g...')")]
    for value, tail in cases:
        with pytest.raises(TypeError) as info:
            ee.on('x', value)
        assert str(info.value).endswith(tail)


def test_set_max_listeners_rejects_negative_and_non_numbers():
    ee = EventEmitter()
    with pytest.raises(ValueError) as info:
        ee.setMaxListeners(-1)
    assert info.value.code == 'ERR_OUT_OF_RANGE'
    assert str(info.value) == ('The value of "setMaxListeners" is out of range. '
                               'It must be >= 0. Received -1')
    with pytest.raises(TypeError) as info:
        ee.setMaxListeners('a')
    assert info.value.code == 'ERR_INVALID_ARG_TYPE'


def test_max_listeners_default_is_ten_and_follows_the_class_attribute(monkeypatch):
    ee = EventEmitter()
    assert ee.getMaxListeners() == 10 == EventEmitter.defaultMaxListeners
    monkeypatch.setattr(EventEmitter, 'defaultMaxListeners', 3)
    assert ee.getMaxListeners() == 3
    assert ee.setMaxListeners(5) is ee and ee.getMaxListeners() == 5


def test_exceeding_max_listeners_warns_once_per_event():
    ee = EventEmitter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for _ in range(12):
            ee.on('foo', lambda: None)
    assert len(caught) == 1
    w = caught[0]
    assert w.category is MaxListenersExceededWarning
    assert str(w.message) == (
        'Possible EventEmitter memory leak detected. 11 foo listeners added to '
        '[EventEmitter]. MaxListeners is 10. Use emitter.setMaxListeners() to '
        'increase limit')
    assert (w.message.emitter, w.message.type, w.message.count) == (ee, 'foo', 11)
    assert w.filename == __file__


def test_max_listeners_zero_means_unlimited():
    ee = EventEmitter().setMaxListeners(0)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        for _ in range(50):
            ee.on('foo', lambda: None)
