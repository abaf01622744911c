"""The same EventEmitter scenario in Node and in nodehttp prints the same lines."""
import shutil
import subprocess

import pytest

from nodehttp.events import EventEmitter

pytestmark = pytest.mark.timeout(30)

NODE_SCRIPT = r"""
const EventEmitter = require('events');
const out = [];
const log = (...a) => out.push(a.map(String).join(' '));
const ee = new EventEmitter();
function nl(ev, l) { log('newListener', ev, l.name, ee.listenerCount(ev)); }
function rl(ev, l) { log('removeListener', ev, l.name, ee.listenerCount(ev)); }
ee.on('newListener', nl);
ee.on('removeListener', rl);
function f(x) { log('f', x); }
function g(x) { log('g', x); }
function h(x) { log('h', x); ee.removeListener('e', g); ee.on('e', k); }
function k(x) { log('k', x); }
// duplicates, once + on of one function, prepend
ee.on('d', f); ee.on('d', f);
ee.once('d', g); ee.on('d', g);
ee.prependListener('d', k);
ee.prependOnceListener('d', h);
log('listeners', ee.listeners('d').map(x => x.name).join(','));
log('counts', ee.listenerCount('d'), ee.listenerCount('d', f), ee.listenerCount('d', g));
log('emit', ee.emit('d', 1));
log('emit', ee.emit('d', 2));
log('names', ee.eventNames().join(','));
// removeListener during emit: g removed by h still runs; k added by h does not
ee.on('e', h); ee.on('e', g);
log('emit', ee.emit('e', 3));
log('emit', ee.emit('e', 4));
// the most recent registration goes first
ee.removeListener('d', g); ee.removeListener('d', f);
log('listeners', ee.listeners('d').map(x => x.name).join(','));
ee.removeAllListeners('d');
log('names', ee.eventNames().join(','));
log('emit', ee.emit('nothing'));
ee.removeAllListeners();
log('names', ee.eventNames().join(','));
console.log(out.join('\n'));
"""


def python_port():
    out = []

    def log(*a):
        out.append(' '.join(_js_str(x) for x in a))
    ee = EventEmitter()

    def nl(ev, l):
        log('newListener', ev, l.__name__, ee.listenerCount(ev))

    def rl(ev, l):
        log('removeListener', ev, l.__name__, ee.listenerCount(ev))
    ee.on('newListener', nl)
    ee.on('removeListener', rl)

    def f(x):
        log('f', x)

    def g(x):
        log('g', x)

    def h(x):
        log('h', x)
        ee.removeListener('e', g)
        ee.on('e', k)

    def k(x):
        log('k', x)
    ee.on('d', f).on('d', f)
    ee.once('d', g).on('d', g)
    ee.prependListener('d', k)
    ee.prependOnceListener('d', h)
    log('listeners', ','.join(x.__name__ for x in ee.listeners('d')))
    log('counts', ee.listenerCount('d'), ee.listenerCount('d', f), ee.listenerCount('d', g))
    log('emit', ee.emit('d', 1))
    log('emit', ee.emit('d', 2))
    log('names', ','.join(ee.eventNames()))
    ee.on('e', h).on('e', g)
    log('emit', ee.emit('e', 3))
    log('emit', ee.emit('e', 4))
    ee.removeListener('d', g).removeListener('d', f)
    log('listeners', ','.join(x.__name__ for x in ee.listeners('d')))
    ee.removeAllListeners('d')
    log('names', ','.join(ee.eventNames()))
    log('emit', ee.emit('nothing'))
    ee.removeAllListeners()
    log('names', ','.join(ee.eventNames()))
    return out


def _js_str(x):
    if isinstance(x, bool):
        return 'true' if x else 'false'
    return str(x)


@pytest.mark.skipif(shutil.which('node') is None, reason='node is not installed')
def test_event_emitter_scenario_matches_node_line_for_line():
    node = subprocess.run(['node', '-e', NODE_SCRIPT], capture_output=True,
                          text=True, timeout=20, check=True)
    expected = node.stdout.splitlines()
    assert len(expected) > 30
    assert python_port() == expected
