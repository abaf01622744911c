"""Shared fixtures: `wire`, the twin runner of tests/_wire.py (one node per module)."""

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
