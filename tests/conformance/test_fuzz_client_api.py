"""scripts/fuzz_client_api.py with fixed seeds: a few hundred generated
client requests -- options, header calls with valid and invalid arguments,
writes, ends, corks, flushHeaders, destroy -- send the same bytes and give
the same log of results, thrown codes, callbacks and events from Node's
client and from nodehttp's, each against a raw server of its own.

The script tries each difference twice more (one that comes from timing
alone goes away); it exits 1 when one stays or when nodehttp's side wrote
to stderr.  Its report names each case that differs; `--out` keeps them.
"""

import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(150)

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      'scripts', 'fuzz_client_api.py')


@pytest.mark.parametrize('seed', [1, 2])
def test_generated_requests_behave_as_in_node(seed, tmp_path):
    if shutil.which('node') is None:
        pytest.skip('node is not installed: the fuzzing compares nodehttp against Node itself')
    out = subprocess.run([sys.executable, SCRIPT, '--cases', '300', '--seed', str(seed),
                          '--out', str(tmp_path)],
                         capture_output=True, text=True, timeout=140)
    assert out.returncode == 0, out.stdout + out.stderr
    assert '300 cases' in out.stdout
