"""Runs twin scenarios: scenarios/<name>.js under node, scenarios/<name>.py under Python.

Each script prints its story (grouped by _out's loggers); the runner appends
the exit status as a last line, normalises only what must vary between runs
(ports, Date header values), and gives back the lines to compare.
"""

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'scenarios')
TIMEOUT = 20  # s, per script

_DATE = re.compile(r'(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) '
                   r'\d{4} \d\d:\d\d:\d\d GMT')
_HOSTPORT = re.compile(r'(127\.0\.0\.1|localhost|\[::1\]):\d+')
_PORTKEY = re.compile(r'"port":\d+')


def scenario_names():
    """The scenarios on disk: every <name>.js with its <name>.py twin."""
    names = []
    for f in sorted(os.listdir(SCENARIOS)):
        base, ext = os.path.splitext(f)
        if ext == '.js' and not base.startswith('_') and os.path.exists(os.path.join(SCENARIOS, base + '.py')):
            names.append(base)
    return names


def normalise(text):
    text = _DATE.sub('<DATE>', text)
    text = _HOSTPORT.sub(r'\1:<PORT>', text)
    text = _PORTKEY.sub('"port":<PORT>', text)
    return text.splitlines()


class Result:
    def __init__(self, lines, stderr, rc):
        self.lines, self.stderr, self.rc = lines, stderr, rc


def run_script(argv):
    env = dict(os.environ, PYTHONUNBUFFERED='1', PYTHONDONTWRITEBYTECODE='1')
    env.pop('CONFORMANCE_TRACE', None)
    try:
        p = subprocess.run(argv, cwd=SCENARIOS, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=TIMEOUT)
        out, err, rc = p.stdout, p.stderr, p.returncode
        status = 'exit %d' % rc
    except subprocess.TimeoutExpired as e:
        out, err, rc = e.stdout or b'', e.stderr or b'', None
        status = 'timeout after %d s (did not exit by itself)' % TIMEOUT
    lines = normalise(out.decode('utf-8', 'replace')) + [status]
    return Result(lines, err.decode('utf-8', 'replace'), rc)


def run_pair(name, node):
    js = run_script([node, name + '.js'])
    py = run_script([sys.executable, name + '.py'])
    return js, py


def run_all(names, node=None, workers=None):
    """Runs every scenario under both runtimes concurrently: {name: (node Result, python Result)}."""
    node = node or shutil.which('node')
    jobs = [(n, kind) for n in names for kind in ('js', 'py')]
    argv = {'js': lambda n: [node, n + '.js'], 'py': lambda n: [sys.executable, n + '.py']}
    workers = workers or min(len(jobs), max(8, (os.cpu_count() or 2) * 4), 48) or 1
    with ThreadPoolExecutor(max_workers=workers) as ex:
        futs = {(n, k): ex.submit(run_script, argv[k](n)) for n, k in jobs}
        return {n: (futs[(n, 'js')].result(), futs[(n, 'py')].result()) for n in names}


def main(argv):
    """python tests/conformance/runner.py [name ...]: run the scenarios, show each diff."""
    import difflib
    names = argv or scenario_names()
    bad = 0
    for name, (js, py) in run_all(names).items():
        if js.lines == py.lines:
            print('same   ', name)
            continue
        bad += 1
        print('DIFFER ', name)
        for line in difflib.unified_diff(js.lines, py.lines, 'node', 'nodehttp', lineterm='', n=1):
            print('    ' + line)
        if py.stderr.strip():
            print('    python stderr: ' + py.stderr.strip()[-1500:].replace('\n', '\n    '))
        if js.stderr.strip():
            print('    node stderr: ' + js.stderr.strip()[-800:].replace('\n', '\n    '))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
