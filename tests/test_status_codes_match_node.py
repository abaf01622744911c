"""nodehttp.status: METHODS and STATUS_CODES are Node's http.METHODS and
http.STATUS_CODES (the installed node is the reference)."""

import json
import shutil
import subprocess

import pytest

from nodehttp.status import METHODS, STATUS_CODES

pytestmark = [
    pytest.mark.timeout(30),
    pytest.mark.skipif(shutil.which('node') is None, reason='node is not installed'),
]


def node_value(expression):
    out = subprocess.run(['node', '-p', f'JSON.stringify({expression})'], capture_output=True,
                         text=True, timeout=20, check=True).stdout
    return json.loads(out)


def test_methods_are_nodes_in_the_same_order():
    assert METHODS == node_value("require('http').METHODS")


def test_status_codes_are_nodes_keyed_by_int():
    node = {int(code): text for code, text in node_value("require('http').STATUS_CODES").items()}
    assert STATUS_CODES == node
    assert list(STATUS_CODES) == sorted(node)
