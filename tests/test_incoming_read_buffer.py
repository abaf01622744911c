"""An IncomingMessage makes its read buffer only when a first chunk comes
(most requests have no body); push() and unshift() on a fresh one work as on
any Readable."""

import pytest

from nodehttp import IncomingMessage

pytestmark = pytest.mark.timeout(10)


def test_unshift_on_a_fresh_message_is_read_back():
    m = IncomingMessage(None)
    m.unshift(b'ab')
    assert m.readableLength == 2
    assert m.read() == b'ab'


def test_push_then_unshift_keep_their_order():
    m = IncomingMessage(None)
    m.push(b'cd')
    m.unshift(b'ab')
    assert m.read() == b'abcd'


def test_a_fresh_message_reads_nothing():
    m = IncomingMessage(None)
    assert m.readableLength == 0
    assert m.read() is None
