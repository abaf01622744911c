"""Writes http_api_names.txt: every name Node 20's http documentation gives.

    python tests/conformance/gen_http_api_names.py path/to/node/doc/api/http.md

reads the `##`/`###`/`####` headings of Node's doc/api/http.md (classes,
their methods, properties and events, the module's functions and constants)
and the options lists of `new Agent()`, `http.createServer()` and
`http.request()`, and writes them, one per line, next to this script.
test_coverage.py reads that file (it never reads Node's docs itself: CI has
only this checkout).  Run it again when the reference Node version changes.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'http_api_names.txt')

# the option lists read, by the heading they sit under -> the owner named in the file
OPTION_SECTIONS = {
    'new Agent([options])': 'Agent',
    'http.createServer([options][, requestListener])': 'createServer',
    'http.request(url[, options][, callback])': 'request',
}


def extract(text):
    """[(kind, owner, name)]: kind is class, method, property, event, function,
    constant or option; owner is the class ('-' for the module)."""
    items = []
    cls = None
    heading = None
    in_options = False
    for line in text.splitlines():
        m = re.match(r'^(#{2,4}) (.*)$', line)
        if m:
            level, heading = len(m.group(1)), m.group(2).strip()
            in_options = False
            plain = heading.replace('`', '')
            c = re.match(r'^Class: `http\.(\w+)`', heading)
            if level == 2:
                cls = None
                if c:
                    cls = c.group(1)
                    items.append(('class', cls, cls))
                    continue
                f = re.match(r'^http\.(\w+)(\()?', plain)
                if f:
                    kind = 'function' if f.group(2) else 'constant'
                    items.append((kind, '-', f.group(1)))
                continue
            if cls is None:
                continue
            e = re.match(r"^Event: '(\w+)'", plain)
            if e:
                items.append(('event', cls, e.group(1)))
                continue
            if plain.startswith('new '):
                continue                     # the constructor: the class itself
            s = re.match(r'^\w+\[(Symbol\.\w+)\]\(', plain)
            if s:
                items.append(('method', cls, s.group(1)))
                continue
            p = re.match(r'^\w+\.(\w+)(\()?', plain)
            if p:
                items.append(('method' if p.group(2) else 'property', cls, p.group(1)))
            continue
        if heading is None:
            continue
        plain = heading.replace('`', '')
        if plain in OPTION_SECTIONS and line.startswith('* `options`'):
            in_options = True
            continue
        if in_options:
            o = re.match(r'^  \* `(\w+)`', line)
            if o:
                items.append(('option', OPTION_SECTIONS[plain], o.group(1)))
            elif line.startswith('* '):
                in_options = False
    seen = set()
    out = []
    for it in items:
        if it not in seen:
            seen.add(it)
            out.append(it)
    return out


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    with open(argv[0], encoding='utf-8') as f:
        text = f.read()
    items = extract(text)
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write('# Every name in Node 20\'s http documentation (doc/api/http.md of Node v20.20.2), one per line:\n'
                '#   kind owner name\n'
                '# kind: class, method, property, event (of the owner class), function or constant (owner - :\n'
                '# the module), option (owner: Agent = new Agent(), createServer, request = http.request/get).\n'
                '# Produced by tests/conformance/gen_http_api_names.py from that file; test_coverage.py reads it.\n')
        for kind, owner, name in items:
            f.write('%s %s %s\n' % (kind, owner, name))
    print('%d names -> %s' % (len(items), OUT))


if __name__ == '__main__':
    main(sys.argv[1:])
