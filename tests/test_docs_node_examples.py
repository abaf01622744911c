"""Every code example in Node 20's http documentation has a Python port in docs/ (issue #4).

node_http_doc_examples.txt lists the examples of Node's doc/api/http.md, one
per line: its id, the languages of its blocks, and its first distinctive
line (to recognise it).  An example is a ```js, ```cjs or ```mjs block; a
```cjs and an ```mjs block side by side under one heading are the same
example.  The id is the heading path, backticks dropped:

    Class: http.ClientRequest > request.setHeader(name, value) (2)

(level-2 heading > level-3 heading; `(2)`, `(3)` for the second and third
example under one heading; `HTTP` for the page's introduction).  The test
reads only that list, never Node's docs (CI has no copy of them).  To make
it again, for another Node version:

    python tests/test_docs_node_examples.py path/to/node/doc/api/http.md

A port is a ```python block in docs/ that carries the marker comment

    # Node docs: <id>

on a line of its own (one block may carry several: Node's docs repeat some
examples under two headings).  The test checks that

- every listed example has a marker, on the page of its class (agent.md for
  `Class: http.Agent`, ..., module.md for the module's functions and the
  introduction);
- the port runs: a block whose first line is `# fragment` (shown, not run by
  test_docs_examples.py) counts only for the examples in FRAGMENT_ONLY,
  each with the reason it cannot be a complete script;
- every marker in docs/ names a listed example (no typo, no stale heading).
"""

import os
import pathlib
import re
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
DOCS = HERE.parent / 'docs'
LIST = HERE / 'node_http_doc_examples.txt'

MARKER = re.compile(r'^[ \t]*# Node docs: (.+?)[ \t]*$', re.M)
_FENCE = re.compile(r'^```([\w-]*)[ \t]*\n(.*?)^```[ \t]*$', re.S | re.M)

# the first part of an id -> the page its port belongs on
PAGES = {
    'HTTP': 'module.md',
    'Class: http.Agent': 'agent.md',
    'Class: http.ClientRequest': 'client-request.md',
    'Class: http.Server': 'server.md',
    'Class: http.ServerResponse': 'server-response.md',
    'Class: http.IncomingMessage': 'incoming-message.md',
    'Class: http.OutgoingMessage': 'outgoing-message.md',
}

# id -> why its port can only be a fragment (none so far: every one runs)
FRAGMENT_ONLY = {}


def page_for(example_id):
    top = re.sub(r' \(\d+\)$', '', example_id.split(' > ')[0])
    if top in PAGES:
        return PAGES[top]
    if top.startswith('http.'):              # http.createServer(), http.get() ...
        return 'module.md'
    return None


def read_list():
    """[(id, langs, fingerprint)] from node_http_doc_examples.txt."""
    out = []
    for line in LIST.read_text(encoding='utf-8').splitlines():
        if not line.strip() or line.startswith('#'):
            continue
        example_id, langs, fingerprint = line.split(' | ', 2)
        out.append((example_id, langs, fingerprint))
    return out


def read_ports():
    """{id: [(page, is_fragment)]} from the markers in the ```python blocks of docs/."""
    ports = {}
    for path in sorted(DOCS.glob('*.md')):
        for m in _FENCE.finditer(path.read_text(encoding='utf-8')):
            if m.group(1) != 'python':
                continue
            body = m.group(2)
            fragment = body.lstrip().startswith('# fragment')
            for example_id in MARKER.findall(body):
                ports.setdefault(example_id, []).append((path.name, fragment))
    return ports


EXAMPLES = read_list() if LIST.exists() else []
PORTS = read_ports()


def test_list_is_sound():
    ids = [e[0] for e in EXAMPLES]
    assert len(ids) > 50, 'node_http_doc_examples.txt looks truncated'
    assert len(ids) == len(set(ids)), 'duplicate ids in %s' % LIST.name
    unplaced = [i for i in ids if page_for(i) is None]
    assert not unplaced, 'no docs page known for %r: add it to PAGES' % unplaced


@pytest.mark.parametrize('example_id, langs, fingerprint', EXAMPLES,
                         ids=[e[0] for e in EXAMPLES])
def test_example_is_ported(example_id, langs, fingerprint):
    page = page_for(example_id)
    where = PORTS.get(example_id)
    assert where, ('Node\'s example %r (%s: %s) has no port in docs/: add `# Node docs: %s` '
                   'to its Python block on %s' % (example_id, langs, fingerprint, example_id, page))
    pages = sorted({p for p, _ in where})
    assert page in pages, 'the port of %r is on %s, expected on %s' % (example_id, pages, page)
    runnable = [p for p, fragment in where if p == page and not fragment]
    if example_id in FRAGMENT_ONLY:
        assert not runnable, ('%r has a runnable port now: remove it from FRAGMENT_ONLY'
                              % example_id)
    else:
        assert runnable, ('the port of %r on %s is a `# fragment`, which is not run: make it a '
                          'complete script, or list it in FRAGMENT_ONLY with the reason'
                          % (example_id, page))


def test_markers_name_listed_examples():
    known = {e[0] for e in EXAMPLES}
    unknown = {i: p for i, p in PORTS.items() if i not in known}
    assert not unknown, 'markers naming no example of Node\'s docs: %r' % unknown
    stale = set(FRAGMENT_ONLY) - known
    assert not stale, 'FRAGMENT_ONLY names no listed example: %r' % stale


# -- making node_http_doc_examples.txt from Node's http.md -------------------------

def extract(text):
    """[(id, langs, fingerprint)] of the js/cjs/mjs examples of Node's http.md."""
    examples = []
    path = {}                  # heading level -> heading text
    prev = None                # (heading key, lang, end offset) of the last example block
    counts = {}
    for m in re.finditer(r'^(#{1,6}) ([^\n]*)$|^```(\w*)[ \t]*\n(.*?)^```[ \t]*$', text, re.S | re.M):
        if m.group(1):
            level = len(m.group(1))
            path = {k: v for k, v in path.items() if k < level}
            path[level] = m.group(2).replace('`', '').strip()
            prev = None
            continue
        lang, body = m.group(3), m.group(4)
        if lang not in ('js', 'cjs', 'mjs'):
            continue
        levels = sorted(path)
        parts = [path[k] for k in levels if k >= 2] or [path[k] for k in levels]
        key = ' > '.join(parts)
        if (prev is not None and prev[0] == key and {prev[1], lang} == {'cjs', 'mjs'}
                and not text[prev[2]:m.start()].strip()):
            examples[-1][1] += '+' + lang              # the other variant of the same example
            prev = None
            continue
        counts[key] = counts.get(key, 0) + 1
        example_id = key if counts[key] == 1 else '%s (%d)' % (key, counts[key])
        examples.append([example_id, lang, fingerprint_of(body)])
        prev = (key, lang, m.end())
    return [tuple(e) for e in examples]


def fingerprint_of(body):
    """The first line that says something: not an import, not a comment, not a
    scrap like `try {`."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith(('import ', '//')) or 'require(' in ln or len(ln) < 10:
            continue
        return ln[:80]
    return lines[0][:80] if lines else ''


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    with open(argv[0], encoding='utf-8') as f:
        examples = extract(f.read())
    with open(LIST, 'w', encoding='utf-8') as f:
        f.write('# The code examples of Node 20\'s http documentation (doc/api/http.md of Node v20.20.2),\n'
                '# one per line:  id | languages | first distinctive line\n'
                '# Made by tests/test_docs_node_examples.py from that file; the test reads this list.\n')
        for example_id, langs, fingerprint in examples:
            f.write('%s | %s | %s\n' % (example_id, langs, fingerprint))
    print('%d examples -> %s' % (len(examples), os.path.relpath(str(LIST))))


if __name__ == '__main__':
    main(sys.argv[1:])
