"""scripts/fuzz_stream.py with fixed seeds: random programs on a Readable
and a Writable -- push, unshift, read(n), setEncoding, pause, resume,
'data' and 'readable' listeners, destroy; write, end, cork, uncork, held
and failing _write callbacks -- give the same log of results, thrown codes,
events and callbacks in Node and on a Python main thread.

The Writable is Node's to the last event: no program may differ.  The
Readable follows Node's engine; a few programs in a thousand still differ,
all of them combining rare things (a Buffer unshifted into a stream that
decodes, a destroy() amid a resume() still due), which docs/differences.md
lists.  The bound below is what the port reaches: the engine before it
differed in nine programs of ten.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(120)

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      'scripts', 'fuzz_stream.py')


def _fuzz(part, seed, tmp_path, cases=2000):
    if shutil.which('node') is None:
        pytest.skip('node is not installed: the fuzzing compares nodehttp against Node itself')
    out = subprocess.run([sys.executable, SCRIPT, '--cases', str(cases), '--seed', str(seed),
                          '--part', part, '--out', str(tmp_path)],
                         capture_output=True, text=True, timeout=110)
    m = re.search(r'(\d+) programs in [\d.]+ s; (\d+) differ', out.stdout)
    assert m and int(m.group(1)) == cases, out.stdout + out.stderr
    assert 'python stderr' not in out.stdout, out.stdout
    return out, int(m.group(2))


@pytest.mark.parametrize('seed', [1, 2])
def test_writable_programs_behave_as_in_node(seed, tmp_path):
    out, differ = _fuzz('writable', seed, tmp_path)
    assert differ == 0 and out.returncode == 0, out.stdout


@pytest.mark.parametrize('seed', [1, 2])
def test_readable_and_writable_programs_behave_as_in_node(seed, tmp_path):
    out, differ = _fuzz('both', seed, tmp_path)
    assert differ <= 2, out.stdout          # (of 2000; see the module's docstring)
