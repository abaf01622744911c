"""Twin scenarios (issue #4): each scenarios/<name>.js and its line-for-line
port scenarios/<name>.py must print the same story under node and nodehttp.

All scripts run once, concurrently, in a module fixture; each test compares
one scenario.  A scenario where nodehttp still differs from Node stays, as a
strict xfail naming the difference (XFAIL below).
"""

import difflib
import shutil

import pytest

from . import runner

pytestmark = pytest.mark.timeout(120)   # (the module fixture runs all scenarios at once)

# name -> what differs (strict: the test fails once nodehttp is fixed, so the entry can go).
XFAIL = {}


def _params():
    out = []
    for name in runner.scenario_names():
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.fixture(scope='module')
def results():
    node = shutil.which('node')
    if node is None:
        pytest.skip('node is not installed: the twin scenarios compare nodehttp against Node itself')
    return runner.run_all(runner.scenario_names(), node=node)


def test_xfail_entries_name_scenarios():
    """Every XFAIL entry names a scenario on disk."""
    assert sorted(set(XFAIL) - set(runner.scenario_names())) == []


@pytest.mark.parametrize('name', _params())
def test_twin(results, name):
    js, py = results[name]
    assert js.rc == 0, 'the node scenario itself failed:\n' + '\n'.join(js.lines) + '\n' + js.stderr
    if js.lines != py.lines:
        diff = '\n'.join(difflib.unified_diff(js.lines, py.lines, 'node', 'nodehttp', lineterm=''))
        pytest.fail('nodehttp differs from node in %s:\n%s\n--- python stderr ---\n%s'
                    % (name, diff, py.stderr[-3000:]), pytrace=False)
