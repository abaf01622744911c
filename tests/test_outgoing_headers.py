"""OutgoingMessage's header store on its own (no socket), against Node's."""

import shutil

import pytest

from _wire import Twins, node_scenarios, run_on_tick

import nodehttp as http

pytestmark = pytest.mark.timeout(30)

scenario = Twins()
JS, PY = scenario.js, scenario.py


def _try(log, f):
    try:
        r = f()
        log('ok' if r is None or isinstance(r, http.OutgoingMessage) else r)
    except Exception as e:  # noqa: BLE001
        log(getattr(e, 'code', repr(e)))


@scenario('''(log) => { const m = new http.OutgoingMessage();
    log(m.setHeader('A', '1') === m); m.setHeader('b', ['x', 'y']); m.appendHeader('A', '2');
    log(m.getHeaders()); log(m.getHeaderNames()); log(m.getRawHeaderNames());
    log([m.hasHeader('a'), m.hasHeader('c'), m.headersSent, m.finished, m.writableEnded]); }''')
def store(log):
    m = http.OutgoingMessage()
    log(m.setHeader('A', '1') is m)
    m.setHeader('b', ['x', 'y'])
    m.appendHeader('A', '2')
    log(m.getHeaders())
    log(m.getHeaderNames())
    log(m.getRawHeaderNames())
    log([m.hasHeader('a'), m.hasHeader('c'), m.headersSent, m.finished, m.writableEnded])


@scenario('''(log) => { const m = new http.OutgoingMessage();
    for (const f of [() => m.getHeader(5), () => m.hasHeader(null), () => m.removeHeader(1),
                     () => m.setHeader('x', undefined), () => m.setHeader('a:b', '1'),
                     () => m.appendHeader('ok', 'a\\rb'), () => m.setHeader('ok', 'tab\\tok')]) {
      try { const r = f(); log(r === undefined || r === m ? 'ok' : r); } catch (e) { log(e.code); }
    } }''')
def argument_errors(log):
    m = http.OutgoingMessage()
    for f in (lambda: m.getHeader(5), lambda: m.hasHeader(None), lambda: m.removeHeader(1),
              lambda: m.setHeader('x', None), lambda: m.setHeader('a:b', '1'),
              lambda: m.appendHeader('ok', 'a\rb'), lambda: m.setHeader('ok', 'tab\tok')):
        _try(log, f)


@scenario('''(log) => { const m = new http.OutgoingMessage(); m.setHeader('X', '1'); m.removeHeader('x');
    log(m.getHeaders()); log(m.getHeader('x')); m.removeHeader('never-set'); log('done'); }''')
def remove(log):
    m = http.OutgoingMessage()
    m.setHeader('X', '1')
    m.removeHeader('x')
    log(m.getHeaders())
    log(m.getHeader('x'))
    m.removeHeader('never-set')
    log('done')


@scenario('''(log) => { const m = new http.OutgoingMessage();
    try { m.write('x'); } catch (e) { log(e.code); }
    try { m.end('x'); } catch (e) { log(e.code); } }''')
def write_without_implicit_header(log):
    m = http.OutgoingMessage()
    _try(log, lambda: m.write('x'))
    _try(log, lambda: m.end('x'))


@pytest.fixture(scope='module')
def node_logs():
    if shutil.which('node') is None:
        pytest.skip('node is not installed: these tests compare with Node itself')
    return node_scenarios(JS)


@pytest.mark.parametrize('name', sorted(JS))
def test_matches_node(node_logs, name):
    assert run_on_tick(PY[name]) == node_logs[name]
