"""Every name in Node 20's http documentation is in nodehttp and in docs/ (issue #4).

http_api_names.txt lists the classes, methods, properties, events, module
functions and constants, and the options of new Agent(), http.createServer()
and http.request(), as Node's doc/api/http.md gives them (it is generated from
that file by gen_http_api_names.py; the test reads only the list).

- API: a class is an attribute of `nodehttp`; a method or property is on its
  class or on a live instance (the instances of one real local exchange);
  a module function or constant is an attribute of `nodehttp`; an event name
  is emitted somewhere in nodehttp's source; an option is read somewhere in
  it (its name appears as a string).
- Docs: the name appears on the page for its class (docs/agent.md, ...,
  docs/module.md for the module and its createServer()/request() options).

Names nodehttp does not provide on purpose are in NOT_PROVIDED, with the
reason; they still need their docs mention (the page, or differences.md).
A name in NOT_PROVIDED that nodehttp provides after all fails the test, so
the list only shrinks.  A name Python cannot spell is looked up under its
Python analog (PY_ANALOG).
"""

import os
import re
import threading

import pytest

import nodehttp as http

pytestmark = pytest.mark.timeout(60)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DOCS = os.path.join(ROOT, 'docs')
SOURCE = os.path.dirname(os.path.abspath(http.__file__))
NAMES_FILE = os.path.join(HERE, 'http_api_names.txt')

# owner -> the docs pages where its names must appear (any one of them)
PAGES = {
    'Agent': ['agent.md'],
    'ClientRequest': ['client-request.md'],
    'Server': ['server.md'],
    'ServerResponse': ['server-response.md'],
    'IncomingMessage': ['incoming-message.md'],
    'OutgoingMessage': ['outgoing-message.md'],
    '-': ['module.md'],
    'createServer': ['module.md'],
    'request': ['module.md', 'client-request.md'],
}

# option owner -> the modules its options reach (socket options go on to net.connect / net.Server)
OPTION_FILES = {
    'Agent': ['agent.py', 'net.py'],
    'createServer': ['server.py', 'net.py'],
    'request': ['client.py', 'agent.py', 'net.py'],
}

# (kind, owner, name) -> why nodehttp leaves it out (none at present)
NOT_PROVIDED = {}

# (kind, owner, name) -> the Python name that stands for it
PY_ANALOG = {
    # `await using server = ...` -> `with http.createServer(...) as server:`
    ('method', 'Server', 'Symbol.asyncDispose'): '__exit__',
}


def load_names():
    items = []
    with open(NAMES_FILE, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                kind, owner, name = line.split()
                items.append((kind, owner, name))
    return items


NAMES = load_names()


def _read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def _source(files=None):
    files = files or sorted(f for f in os.listdir(SOURCE) if f.endswith('.py'))
    return '\n'.join(_read(os.path.join(SOURCE, f)) for f in files)


@pytest.fixture(scope='module')
def instances():
    """One real exchange on 127.0.0.1: the objects of each documented class."""
    got = {}
    done = threading.Event()
    agent = http.Agent({'keepAlive': True})

    def handler(req, res):
        got['server req'], got['server res'] = req, res
        res.end('ok')

    server = http.createServer(handler)
    server.listen(0, '127.0.0.1')
    try:
        def on_response(res):
            got['client res'] = res
            res.resume()
            res.on('end', done.set)

        got['client req'] = http.get({'host': '127.0.0.1', 'port': server.address()['port'], 'agent': agent},
                                     on_response)
        assert done.wait(10), 'the local exchange did not complete'
    finally:
        agent.destroy()
        server.close()
    return {
        'Agent': [agent],
        'ClientRequest': [got['client req']],
        'Server': [server],
        'ServerResponse': [got['server res']],
        'IncomingMessage': [got['server req'], got['client res']],
        'OutgoingMessage': [got['server res'], got['client req'], http.OutgoingMessage()],
    }


def _has(objs, name):
    return any(name in dir(o) for o in objs)


def test_names_file():
    """The list is there and whole: all six classes, all kinds of names."""
    kinds = {k for k, _, _ in NAMES}
    assert kinds == {'class', 'method', 'property', 'event', 'function', 'constant', 'option'}
    assert sorted(n for k, _, n in NAMES if k == 'class') == sorted(
        ['Agent', 'ClientRequest', 'Server', 'ServerResponse', 'IncomingMessage', 'OutgoingMessage'])
    assert len(NAMES) > 200
    assert set(NOT_PROVIDED) <= set(NAMES), 'NOT_PROVIDED names something the docs do not list'


def test_api(instances):
    """Every documented name exists in nodehttp (but those in NOT_PROVIDED)."""
    source = _source()
    option_source = {owner: _source(files) for owner, files in OPTION_FILES.items()}
    missing = []
    for kind, owner, name in NAMES:
        if kind == 'class':
            ok = isinstance(getattr(http, name, None), type)
        elif kind in ('function', 'constant'):
            ok = hasattr(http, name)
        elif kind in ('method', 'property'):
            ok = _has([getattr(http, owner)] + instances[owner], PY_ANALOG.get((kind, owner, name), name))
        elif kind == 'event':
            ok = "'%s'" % name in source
        else:                                    # option: read where that owner's options go
            ok = "'%s'" % name in option_source[owner]
        if ok and (kind, owner, name) in NOT_PROVIDED:
            missing.append('%s %s %s is there now: take it out of NOT_PROVIDED' % (kind, owner, name))
        elif not ok and (kind, owner, name) not in NOT_PROVIDED:
            missing.append('%s %s %s' % (kind, owner, name))
    assert not missing, 'documented in Node, missing in nodehttp:\n  ' + '\n  '.join(missing)


def test_docs():
    """Every documented name appears on its docs page (a name not provided: there or in differences.md)."""
    pages = {p: _read(os.path.join(DOCS, p)) for ps in PAGES.values() for p in ps}
    differences = _read(os.path.join(DOCS, 'differences.md'))
    missing = []
    for kind, owner, name in NAMES:
        texts = [pages[p] for p in PAGES[owner]]
        if (kind, owner, name) in NOT_PROVIDED:
            texts.append(differences)
        if kind == 'event':
            pattern = re.compile(r"'%s'" % re.escape(name))
        else:
            pattern = re.compile(r'(?<!\w)%s(?!\w)' % re.escape(name) if kind != 'class'
                                 else r'http\.%s\b' % re.escape(name))
        if not any(pattern.search(t) for t in texts):
            missing.append('%s %s %s (%s)' % (kind, owner, name, ' or '.join(PAGES[owner])))
    assert not missing, 'documented in Node, not in docs/:\n  ' + '\n  '.join(missing)
