"""Every ```python block in docs/ runs, and prints what the page says it prints.

Each block is a complete script: it is run with the current interpreter in a
subprocess (it must exit by itself, within TIMEOUT seconds).  A ```text block
right after it is that example's output and must equal what it printed, once
the parts that vary from run to run (ports, Date values) are normalised.  A
block whose first line is `# fragment` is shown, not run.
"""

import pathlib
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.timeout(60)

DOCS = pathlib.Path(__file__).resolve().parent.parent / 'docs'
TIMEOUT = 20   # seconds, per example

_FENCE = re.compile(r'^```([\w-]*)[ \t]*\n(.*?)^```[ \t]*$', re.S | re.M)


def _examples(path):
    """[(index, code, expected output or None)] of one page, in order."""
    blocks = [(m.group(1), m.group(2), m.start(), m.end())
              for m in _FENCE.finditer(path.read_text(encoding='utf-8'))]
    text = path.read_text(encoding='utf-8')
    out = []
    n = 0
    for i, (lang, body, _start, end) in enumerate(blocks):
        if lang != 'python':
            continue
        n += 1
        if body.lstrip().startswith('# fragment'):
            continue
        expected = None
        if i + 1 < len(blocks):
            nlang, nbody, nstart, _ = blocks[i + 1]
            # the output block follows, with nothing but blank lines between
            if nlang == 'text' and not text[end:nstart].strip():
                expected = nbody
        out.append((n, body, expected))
    return out


def _all():
    params = []
    for path in sorted(DOCS.glob('*.md')):
        for n, code, expected in _examples(path):
            params.append(pytest.param(path, code, expected, id='%s-%d' % (path.stem, n)))
    return params


# What varies from one run to the next: ports, dates, the time of a run.
_NORMALISE = [
    (re.compile(r'(127\.0\.0\.1|localhost|::1\]?)([:/ ,\']+)\d{2,5}\b'), r'\1\2PORT'),
    (re.compile(r"('?port'?[=:] ?)\d{2,5}\b", re.I), r'\1PORT'),
    (re.compile(r'(port (?:is )?)\d{2,5}\b'), r'\1PORT'),
    (re.compile(r'[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT'), 'DATE'),
]


def normalise(s):
    for rx, repl in _NORMALISE:
        s = rx.sub(repl, s)
    return '\n'.join(line.rstrip() for line in s.strip('\n').splitlines())


def test_docs_have_examples():
    assert _all(), 'no runnable example found in %s' % DOCS


@pytest.mark.parametrize('path, code, expected', _all())
def test_example(path, code, expected, tmp_path):
    script = tmp_path / 'example.py'
    script.write_text(code, encoding='utf-8')
    proc = subprocess.run([sys.executable, str(script)], cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, 'exit %d\nstdout:\n%s\nstderr:\n%s' % (
        proc.returncode, proc.stdout, proc.stderr)
    if expected is not None:
        assert normalise(proc.stdout) == normalise(expected), proc.stderr
