"""The automatic Date header of a response, nodehttp-only checks.

As Node's utcDate(), the Date line is made when a response first needs it
and kept until a timer drops it at the end of the second; these check that
the value is the time of the response, that it moves on with the clock, and
that the timer is a daemon thread that ends by itself.  (The wire tests mask
Date when they compare bytes with Node.)
"""

import socket
import threading
import time
from email.utils import parsedate_to_datetime

import pytest

import nodehttp as http
from test_client_helpers import forbid_new_threads

pytestmark = pytest.mark.timeout(30)

GET = b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'


@pytest.fixture
def client():
    srv = http.createServer(lambda req, res: res.end('ok'))
    srv.listen(0, '127.0.0.1')
    s = socket.create_connection(('127.0.0.1', srv.address()['port']))
    s.settimeout(5)
    try:
        yield s
    finally:
        s.close()
        ended = threading.Event()
        srv.close(lambda *a: ended.set())
        srv.closeAllConnections()
        assert ended.wait(5)


def _date_of_response(s):
    s.sendall(GET)
    data = b''
    while not data.endswith(b'\r\n\r\nok'):
        chunk = s.recv(4096)
        assert chunk, data
        data += chunk
    dates = [line for line in data.split(b'\r\n') if line.lower().startswith(b'date:')]
    assert len(dates) == 1, data
    return parsedate_to_datetime(dates[0][5:].strip().decode()).timestamp()


def test_date_header_is_the_time_of_the_response(client):
    before = time.time()
    date = _date_of_response(client)
    after = time.time()
    # (whole seconds: the header has no fraction)
    assert int(before) <= date <= after


def test_date_header_moves_on_with_the_clock(client):
    first = _date_of_response(client)
    time.sleep(1.2)
    before = time.time()
    second = _date_of_response(client)
    assert second >= first + 1
    assert second >= int(before)


def test_date_timer_is_a_daemon_thread_that_ends_by_itself(client):
    _date_of_response(client)
    timers = [t for t in threading.enumerate() if t.name == 'nodehttp-date']
    assert timers and all(t.daemon for t in timers)
    for t in timers:
        t.join(2)               # (at most the rest of the second)
        assert not t.is_alive()


def test_date_header_when_no_timer_thread_can_start(client, monkeypatch):
    # (as at interpreter shutdown) the line is made for each response instead
    from nodehttp import outgoing
    forbid_new_threads(monkeypatch, outgoing, 'Timer')
    monkeypatch.setattr(outgoing, '_date_line', None)
    before = time.time()
    assert int(before) <= _date_of_response(client) <= time.time()
    assert outgoing._date_line is None
