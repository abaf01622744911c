"""scripts/fuzz_api.py with fixed seeds: a few hundred generated handler
programs -- calls on the ServerResponse with valid and invalid arguments,
writes, ends, corks, destroys, reading the body, going on from a timer --
give the same bytes, the same connection fate, and the same log of results,
thrown codes, callbacks and events from Node and from nodehttp.

The script starts both servers itself and tries each difference twice more
(a difference that comes from timing alone goes away); it exits 1 when one
stays or when the nodehttp server wrote to stderr.  Its report names each
case that differs; `--out` keeps them.
"""

import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(120)

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      'scripts', 'fuzz_api.py')


@pytest.mark.parametrize('seed', [1, 2])
def test_generated_handlers_behave_as_in_node(seed, tmp_path):
    if shutil.which('node') is None:
        pytest.skip('node is not installed: the fuzzing compares nodehttp against Node itself')
    out = subprocess.run([sys.executable, SCRIPT, '--cases', '600', '--seed', str(seed),
                          '--out', str(tmp_path)],
                         capture_output=True, text=True, timeout=110)
    assert out.returncode == 0, out.stdout + out.stderr
    assert '600 cases' in out.stdout
