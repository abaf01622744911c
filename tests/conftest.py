"""Shared fixtures: `wire`, the twin runner of tests/_wire.py (one node per
module), and `srv`, a raw HTTP server that answers every request (tests/test_client_helpers.py)."""

import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope='module')
def wire():
    """A Twin: one long-lived node process for the whole test module."""
    if shutil.which('node') is None:
        pytest.skip('node is not installed: the wire tests compare against Node itself')
    import _wire
    host = _wire.NodeHost()
    try:
        yield _wire.Twin(host)
    finally:
        host.close()


@pytest.fixture
def srv():
    """A RawServer on 127.0.0.1 (test_client_helpers.py), closed after the test."""
    from test_client_helpers import RawServer
    s = RawServer()
    try:
        yield s
    finally:
        s.close()


def pytest_sessionfinish(session, exitstatus):
    """A test that fails before closing its server leaves a ref'd handle, and
    the liveness keeper (a non-daemon thread) would hold the interpreter open
    at exit, as a Node process would: release it, and say so."""
    from nodehttp import _liveness
    n = _liveness.count()
    if n:
        sys.stderr.write('\nconftest: %d ref\'d nodehttp handle(s) left open by the tests; '
                         'releasing the liveness keeper so pytest can exit\n' % n)
        with _liveness._cond:
            _liveness._count = 0
            _liveness._cond.notify_all()
