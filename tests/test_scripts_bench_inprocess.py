"""scripts/bench_inprocess.py runs each of its measures (a few requests each),
so that its fakes follow the private methods they replace."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(120)

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      'scripts', 'bench_inprocess.py')


def test_bench_inprocess_measures_server_client_and_http_client():
    out = subprocess.run([sys.executable, SCRIPT, 'all', '-n', '300', '--runs', '1'],
                         capture_output=True, text=True, timeout=100)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    for name in ('server', 'client', 'http.client'):
        row = [line for line in lines if line.split()[0] == name]
        assert row and float(row[0].split()[1]) > 0, out.stdout
