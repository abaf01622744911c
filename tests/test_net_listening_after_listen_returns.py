"""'listening' comes after listen() has returned, as on Node's later tick.

Node code attaches the listener after the call:
`server.listen(0); server.on('listening', f)`.  Inside a nodehttp callback
that must always work (the event waits for the callback to end)."""

import threading

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(30)


def test_listening_attached_after_listen_inside_a_callback_fires():
    fired = threading.Event()
    outer = http.createServer()
    inner = http.createServer()

    def on_outer_listening():
        inner.listen(0, '127.0.0.1')
        inner.on('listening', lambda: fired.set())   # after listen() returned

    outer.on('listening', on_outer_listening)
    outer.listen(0, '127.0.0.1')
    try:
        assert fired.wait(5)
    finally:
        inner.close()
        outer.close()


def test_listen_callback_sees_the_address():
    seen = []
    done = threading.Event()
    server = http.createServer()

    def on_listening():
        seen.append(server.address()['port'])
        done.set()

    server.listen(0, '127.0.0.1', on_listening)
    try:
        assert done.wait(5)
        assert seen == [server.address()['port']] and seen[0] > 0
    finally:
        server.close()
