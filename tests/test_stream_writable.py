"""stream.Writable: write/end, cork/uncork, 'drain', 'finish', destroy -- against Node."""

import shutil
import threading

import pytest

from _wire import Twins, node_scenarios, run_on_thread, run_on_tick

from nodehttp.stream import Writable

pytestmark = pytest.mark.timeout(30)

scenario = Twins()
JS, PY = scenario.js, scenario.py


@scenario('''(log) => { const w = new Writable({ write(c, e, cb) { log(['write', c, e]); cb(); } });
    w.on('finish', () => log('finish')); w.on('close', () => log('close'));
    log(w.write('a')); log(w.write(Buffer.from('b'))); w.end('c', () => log('end cb'));
    log([w.writableEnded, w.writableFinished]); }''')
def write_end_finish(log):
    def write(self, c, e, cb):
        log(['write', c, e])
        cb()
    w = Writable({'write': write})
    w.on('finish', lambda: log('finish'))
    w.on('close', lambda: log('close'))
    log(w.write('a'))
    log(w.write(b'b'))
    w.end('c', lambda *a: log('end cb'))
    log([w.writableEnded, w.writableFinished])


@scenario('''(log) => { const w = new Writable({ highWaterMark: 3, write(c, e, cb) { setImmediate(cb); } });
    w.on('drain', () => log(['drain', w.writableLength])); log(w.write('ab')); log(w.write('cd'));
    log([w.writableLength, w.writableNeedDrain]); }''')
def drain_after_high_water_mark(log):
    pending = []

    def write(self, c, e, cb):
        pending.append(cb)
    w = Writable({'highWaterMark': 3, 'write': write})
    w.on('drain', lambda: log(['drain', w.writableLength]))
    log(w.write('ab'))
    log(w.write('cd'))
    log([w.writableLength, w.writableNeedDrain])
    while pending:                  # (Node: each a turn later; the second
        pending.pop(0)()            # _write comes after the first's callback)


@scenario('''(log) => { const w = new Writable({ write(c, e, cb) { log(['write', c.toString()]); cb(); } });
    w.cork(); w.write('1'); w.write('2'); log(['corked', w.writableCorked, w.writableLength]);
    w.uncork(); log(['uncorked', w.writableCorked]); w.end(); w.on('finish', () => log('finish')); }''')
def cork_uncork(log):
    def write(self, c, e, cb):
        log(['write', c.decode()])
        cb()
    w = Writable({'write': write})
    w.cork()
    w.write('1')
    w.write('2')
    log(['corked', w.writableCorked, w.writableLength])
    w.uncork()
    log(['uncorked', w.writableCorked])
    w.end()
    w.on('finish', lambda: log('finish'))


@scenario('''(log) => { const w = new Writable({ write(c, e, cb) { cb(); } });
    w.on('error', (e) => log(['error', e.code])); w.end();
    w.write('late', (err) => log(['cb', err && err.code])); }''')
def write_after_end(log):
    w = Writable({'write': lambda self, c, e, cb: cb()})
    w.on('error', lambda e: log(['error', e.code]))
    w.end()
    w.write('late', lambda err: log(['cb', err.code if err else None]))


@scenario('''(log) => { const w = new Writable({ write(c, e, cb) { cb(); }, final(cb) { log('final'); cb(); } });
    w.on('prefinish', () => log('prefinish')); w.on('finish', () => log('finish')); w.end(); }''')
def final_before_finish(log):
    def final(self, cb):
        log('final')
        cb()
    w = Writable({'write': lambda self, c, e, cb: cb(), 'final': final})
    w.on('prefinish', lambda: log('prefinish'))
    w.on('finish', lambda: log('finish'))
    w.end()


@scenario('''(log) => { const w = new Writable({ write(c, e, cb) { cb(new Error('nope')); } });
    w.on('error', (e) => log(['error', e.message])); w.on('close', () => log('close'));
    w.write('x', (err) => log(['cb', err.message])); }''')
def write_error_destroys(log):
    w = Writable({'write': lambda self, c, e, cb: cb(Exception('nope'))})
    w.on('error', lambda e: log(['error', str(e)]))
    w.on('close', lambda: log('close'))
    w.write('x', lambda err: log(['cb', str(err)]))


@scenario('''(log) => { const w = new Writable({ objectMode: true, write(c, e, cb) { log(c); cb(); } });
    w.write({ a: 1 }); log(w.writableObjectMode); w.end(); }''')
def object_mode(log):
    def write(self, c, e, cb):
        log(c)
        cb()
    w = Writable({'objectMode': True, 'write': write})
    w.write({'a': 1})
    log(w.writableObjectMode)
    w.end()


@scenario('''(log) => { const held = [];
    const w = new Writable({ write(c, e, cb) { log(['_write', c.toString()]); held.push(cb); } });
    log(w.write('a', () => log('cb a'))); log(w.write('b', () => log('cb b')));
    log(['queued', w.writableLength]); held.shift()(); log('a called back'); held.shift()(); }''')
def one_write_at_a_time(log):
    # the second _write waits for the first's callback
    held = []

    def write(self, c, e, cb):
        log(['_write', c.decode()])
        held.append(cb)
    w = Writable({'write': write})
    log(w.write('a', lambda err=None: log('cb a')))
    log(w.write('b', lambda err=None: log('cb b')))
    log(['queued', w.writableLength])
    held.pop(0)()
    log('a called back')
    held.pop(0)()


@scenario('''(log) => { const w = new Writable({ highWaterMark: 2, write(c, e, cb) { cb(); } });
    w.on('drain', () => log('drain')); log(w.write('abcd', () => log('cb'))); log('returned');
    log([w.writableLength, w.writableNeedDrain]); }''')
def callback_of_a_write_done_at_once_comes_later(log):
    # _write called back before returning: write() returns first (true:
    # nothing is left), its callback comes on a later tick
    w = Writable({'highWaterMark': 2, 'write': lambda self, c, e, cb: cb()})
    w.on('drain', lambda: log('drain'))
    log(w.write('abcd', lambda err=None: log('cb')))
    log('returned')
    log([w.writableLength, w.writableNeedDrain])


@scenario('''(log) => { const held = [];
    const w = new Writable({ highWaterMark: 2, write(c, e, cb) { held.push(cb); } });
    w.on('drain', () => log('drain')); log(w.write('abcd', () => log('cb')));
    log(w.writableNeedDrain); held.shift()(); w.write('x'); w.end(); log(w.writableNeedDrain); }''')
def drain_comes_before_the_callback(log):
    held = []
    w = Writable({'highWaterMark': 2, 'write': lambda self, c, e, cb: held.append(cb)})
    w.on('drain', lambda: log('drain'))
    log(w.write('abcd', lambda err=None: log('cb')))
    log(w.writableNeedDrain)
    held.pop(0)()
    w.write('x')
    w.end()
    log(w.writableNeedDrain)


@scenario('''(log) => { const held = [];
    const w = new Writable({ write(c, e, cb) { held.push(cb); } });
    w.on('error', (e) => log(['error', e.code])); w.on('close', () => log('close'));
    w.write('a', (e) => log(['cb a', e && e.code])); w.write('b', (e) => log(['cb b', e && e.code]));
    w.end((e) => log(['end cb', e && e.code])); w.destroy(); log('destroyed'); }''')
def destroy_calls_back_the_writes_waiting(log):
    held = []
    w = Writable({'write': lambda self, c, e, cb: held.append(cb)})
    w.on('error', lambda e: log(['error', e.code]))
    w.on('close', lambda: log('close'))
    w.write('a', lambda e=None: log(['cb a', e and e.code]))
    w.write('b', lambda e=None: log(['cb b', e and e.code]))
    w.end(lambda e=None: log(['end cb', e and e.code]))
    w.destroy()
    log('destroyed')


@scenario('''(log) => { const w = new Writable({ write(c, e, cb) { log(['_write', c.toString()]); cb(); },
    writev(chunks, cb) { log(['_writev', chunks.map((x) => x.chunk.toString())]); cb(); } });
    w.cork(); w.write('a', () => log('cb a')); w.write('b', () => log('cb b')); w.uncork();
    w.write('c'); w.end(); w.on('finish', () => log('finish')); }''')
def writev_takes_what_a_cork_held(log):
    def write(self, c, e, cb):
        log(['_write', c.decode()])
        cb()

    def writev(self, chunks, cb):
        log(['_writev', [x['chunk'].decode() for x in chunks]])
        cb()
    w = Writable({'write': write, 'writev': writev})
    w.cork()
    w.write('a', lambda err=None: log('cb a'))
    w.write('b', lambda err=None: log('cb b'))
    w.uncork()
    w.write('c')
    w.end()
    w.on('finish', lambda: log('finish'))


@pytest.fixture(scope='module')
def node_logs():
    if shutil.which('node') is None:
        pytest.skip('node is not installed: these tests compare with Node itself')
    return node_scenarios(JS)


@pytest.mark.parametrize('name', sorted(JS))
def test_matches_node(node_logs, name):
    assert run_on_tick(PY[name]) == node_logs[name]


@pytest.mark.parametrize('name', sorted(JS))
def test_matches_node_on_a_thread_of_the_users(node_logs, name):
    assert run_on_thread(PY[name]) == node_logs[name]


def test_write_from_another_thread():
    got = []
    done = threading.Event()
    w = Writable({'write': lambda self, c, e, cb: (got.append(c), cb())})
    w.on('finish', done.set)

    def writer():
        for i in range(100):
            w.write(b'%d,' % i)
        w.end()
    t = threading.Thread(target=writer)
    t.start()
    t.join(5)
    assert done.wait(5)
    assert b''.join(got) == b''.join(b'%d,' % i for i in range(100))
