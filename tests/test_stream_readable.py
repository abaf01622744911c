"""stream.Readable: paused/flowing modes, read(), 'data', pipe/unpipe, destroy -- against Node."""

import shutil

import pytest

from _wire import Twins, node_scenarios, run_on_thread, run_on_tick

from nodehttp import _tick
from nodehttp.stream import PassThrough, Readable, Writable, _later

pytestmark = pytest.mark.timeout(30)

scenario = Twins()
JS, PY = scenario.js, scenario.py


@scenario('''(log) => { const r = new Readable({ read() {} });
    r.push('ab'); r.push('cd'); log(r.readableLength); log(r.readableFlowing);
    log(r.read(3)); log(r.readableLength); log(r.read()); log(r.read());
    r.on('end', () => log('end')); r.push(null); log(r.read()); }''')
def paused_read(log):
    r = Readable({'read': lambda self, n: None})
    r.push('ab')
    r.push('cd')
    log(r.readableLength)
    log(r.readableFlowing)
    log(r.read(3))
    log(r.readableLength)
    log(r.read())
    log(r.read())
    r.on('end', lambda: log('end'))
    r.push(None)
    log(r.read())


@scenario('''(log) => { const r = new Readable({ read() {} });
    r.push('a'); r.on('data', (d) => log(['data', d])); log(r.readableFlowing);
    r.push('b'); r.push(null); r.on('end', () => log('end')); r.on('close', () => log('close')); log('sync done'); }''')
def data_listener_starts_flowing(log):
    r = Readable({'read': lambda self, n: None})
    r.push('a')
    r.on('data', lambda d: log(['data', d]))
    log(r.readableFlowing)
    r.push('b')
    r.push(None)
    r.on('end', lambda: log('end'))
    r.on('close', lambda: log('close'))
    log('sync done')


@scenario('''(log) => { const r = new Readable({ read() {} });
    r.on('data', (d) => log(['data', d])); r.pause(); log(r.isPaused()); r.push('x');
    log(r.readableLength); r.resume(); log(r.isPaused()); r.push(null); r.on('end', () => log('end')); }''')
def pause_resume(log):
    r = Readable({'read': lambda self, n: None})
    r.on('data', lambda d: log(['data', d]))
    r.pause()
    log(r.isPaused())
    r.push('x')
    log(r.readableLength)
    r.resume()
    log(r.isPaused())
    r.push(None)
    r.on('end', lambda: log('end'))


@scenario('''(log) => { const r = new Readable({ read() {} }); r.setEncoding('utf8');
    r.on('data', (d) => log([typeof d, d])); r.push(Buffer.from([0xc3])); r.push(Buffer.from([0xa9, 0x41])); r.push(null); }''')
def set_encoding_joins_split_utf8(log):
    r = Readable({'read': lambda self, n: None})
    r.setEncoding('utf8')
    r.on('data', lambda d: log(['string' if isinstance(d, str) else 'object', d]))
    r.push(b'\xc3')
    r.push(b'\xa9A')
    r.push(None)


@scenario('''(log) => { const r = new Readable({ read() {} });
    r.on('readable', () => { let c; while ((c = r.read()) !== null) log(['read', c]); });
    r.on('end', () => log('end')); r.push('p'); r.push('q'); r.push(null); }''')
def readable_event(log):
    r = Readable({'read': lambda self, n: None})

    def readable():
        while True:
            c = r.read()
            if c is None:
                break
            log(['read', c])
    r.on('readable', readable)
    r.on('end', lambda: log('end'))
    r.push('p')
    r.push('q')
    r.push(None)


@scenario('''(log) => { const r = new Readable({ read() {} }); const chunks = [];
    const w = new Writable({ write(c, e, cb) { chunks.push(c.toString()); cb(); } });
    w.on('finish', () => log(['finish', chunks])); w.on('pipe', () => log('pipe'));
    r.pipe(w); r.push('1'); r.push('2'); r.push(null); }''')
def pipe_to_writable(log):
    r = Readable({'read': lambda self, n: None})
    chunks = []

    def write(self, c, e, cb):
        chunks.append(c.decode())
        cb()
    w = Writable({'write': write})
    w.on('finish', lambda: log(['finish', chunks]))
    w.on('pipe', lambda src: log('pipe'))
    r.pipe(w)
    r.push('1')
    r.push('2')
    r.push(None)


@scenario('''(log) => { const r = new Readable({ read() {} });
    const w = new Writable({ write(c, e, cb) { log(['w', c.toString()]); cb(); } });
    w.on('unpipe', () => log('unpipe')); r.pipe(w); r.unpipe(w); log(r.readableFlowing); r.push('z'); }''')
def unpipe(log):
    r = Readable({'read': lambda self, n: None})

    def write(self, c, e, cb):
        log(['w', c.decode()])
        cb()
    w = Writable({'write': write})
    w.on('unpipe', lambda src: log('unpipe'))
    r.pipe(w)
    r.unpipe(w)
    log(r.readableFlowing)
    r.push('z')


@scenario('''(log) => { const r = new Readable({ read() {} });
    r.on('error', (e) => log(['error', e.message])); r.on('close', () => log('close'));
    r.destroy(new Error('bad')); log([r.destroyed, 'sync']); r.destroy(); }''')
def destroy_with_error(log):
    r = Readable({'read': lambda self, n: None})
    r.on('error', lambda e: log(['error', str(e)]))
    r.on('close', lambda: log('close'))
    r.destroy(Exception('bad'))
    log([r.destroyed, 'sync'])
    r.destroy()


@scenario('''(log) => { const r = new Readable({ read() {} }); r.on('close', () => log('close'));
    r.on('end', () => log('end')); r.resume(); r.push(null); }''')
def end_then_autodestroy_close(log):
    r = Readable({'read': lambda self, n: None})
    r.on('close', lambda: log('close'))
    r.on('end', lambda: log('end'))
    r.resume()
    r.push(None)


@scenario('''(log) => { const r = new Readable({ read() {} });
    r.on('readable', () => { log('readable'); let c; while ((c = r.read()) !== null) log(['read', c]); });
    r.on('end', () => log('end')); r.push('p'); r.push('q'); log('pushed'); }''')
def readable_once_for_pushes_in_one_tick(log):
    r = Readable({'read': lambda self, n: None})

    def readable():
        log('readable')
        while True:
            c = r.read()
            if c is None:
                break
            log(['read', c])
    r.on('readable', readable)
    r.on('end', lambda: log('end'))
    r.push('p')
    r.push('q')
    log('pushed')


@scenario('''(log) => { const r = new Readable({ read() {} });
    r.push('a'); r.push('b');
    r.on('readable', () => { const c = r.read(1); log(['readable', c]); if (c && String(c) === 'a') r.push(null); });
    r.on('end', () => log('end')); }''')
def readable_at_the_end_with_data_left(log):
    # one read(1) per 'readable': the end brings another, with 'b' still in
    r = Readable({'read': lambda self, n: None})

    def readable():
        c = r.read(1)
        log(['readable', c])
        if c == b'a':
            r.push(None)
    r.on('readable', readable)
    r.on('end', lambda: log('end'))
    r.push('a')
    r.push('b')


@scenario('''(log) => { const r = new Readable({ read() {} }); r.on('end', () => log('end'));
    r.push('ab'); r.push(null); log(r.read(2)); log(r.readableEnded);
    setImmediate(() => { log(['later', r.readableEnded]); log(r.read()); }); }''')
def read_of_exactly_the_rest_does_not_end(log):
    r = Readable({'read': lambda self, n: None})
    r.on('end', lambda: log('end'))
    r.push('ab')
    r.push(None)
    log(r.read(2))
    log(r.readableEnded)

    def later():
        log(['later', r.readableEnded])
        log(r.read())
    _later(later)


@scenario('''(log) => { const r = new Readable({ read() {} }); r.on('data', (d) => log(['data', d]));
    r.push('a'); log('pushed'); r.push(null); r.on('end', () => log('end')); }''')
def push_after_the_data_listener_waits_for_the_flow(log):
    # nothing read yet (Node's state.sync): the push is buffered, the flow
    # the listener started emits it on the next tick
    r = Readable({'read': lambda self, n: None})
    r.on('data', lambda d: log(['data', d]))
    r.push('a')
    log('pushed')
    r.push(None)
    r.on('end', lambda: log('end'))


@scenario('''(log) => { let n = 0;
    const r = new Readable({ read() { n++; log(['_read', n]); this.push(n < 3 ? 'r' + n : null); } });
    log(r.read()); log(r.read()); log(r.readableLength); r.on('end', () => log('end')); log(r.read()); }''')
def read_returns_what_read_pushes_at_once(log):
    # _read pushes before it returns: read() hands that over at once (Node
    # looks again after _read), and asks once per call
    n = [0]

    def read(self, size):
        n[0] += 1
        log(['_read', n[0]])
        self.push('r%d' % n[0] if n[0] < 3 else None)
    r = Readable({'read': read})
    log(r.read())
    log(r.read())
    log(r.readableLength)
    r.on('end', lambda: log('end'))
    log(r.read())


@scenario('''(log) => { const r = new Readable({ highWaterMark: 4, read() {} });
    log(r.push('ab')); log(r.push('cd')); log(r.push('')); log(r.unshift('z')); log(r.push(null));
    log(r.readableLength); const q = new Readable({ read() {} }); q.destroy();
    log(q.unshift('x')); log(q.push('x')); }''')
def push_and_unshift_return_whether_more_is_welcome(log):
    r = Readable({'highWaterMark': 4, 'read': lambda self, n: None})
    log(r.push('ab'))
    log(r.push('cd'))
    log(r.push(''))
    log(r.unshift('z'))
    log(r.push(None))
    log(r.readableLength)
    q = Readable({'read': lambda self, n: None})
    q.destroy()
    log(q.unshift('x'))
    log(q.push('x'))


@scenario('''(log) => { const r = new Readable({ read() {} }); r.push(Buffer.from([0xc3]));
    r.push(Buffer.from([0xa9, 0x41])); r.setEncoding('utf8'); log(r.readableLength); log(r.read());
    r.unshift('hi'); r.setEncoding('base64'); log(r.read()); }''')
def set_encoding_decodes_what_is_buffered(log):
    r = Readable({'read': lambda self, n: None})
    r.push(b'\xc3')
    r.push(b'\xa9A')
    r.setEncoding('utf8')
    log(r.readableLength)
    log(r.read())
    r.unshift('hi')
    r.setEncoding('base64')
    log(r.read())


@scenario('''(log) => { let n = 0; const r = new Readable({ read() { n++; log(['_read', n]); } });
    r.on('readable', () => log('readable')); log('listening'); r.on('resume', () => log('resume'));
    r.resume(); log(['resumed', r.readableFlowing]); }''')
def a_readable_listener_asks_for_data_on_the_next_tick(log):
    # and resume() then neither flows nor emits data: the listener wins
    n = [0]

    def read(self, size):
        n[0] += 1
        log(['_read', n[0]])
    r = Readable({'read': read})
    r.on('readable', lambda: log('readable'))
    log('listening')
    r.on('resume', lambda: log('resume'))
    r.resume()
    log(['resumed', r.readableFlowing])


@scenario('''(log) => { let n = 0; const r = new Readable({ highWaterMark: 4, read() { log('read'); } });
    log(r.push('abcdef')); log(r.readableLength); }''')
def push_past_high_water_mark(log):
    r = Readable({'highWaterMark': 4, 'read': lambda self, n: log('read')})
    log(r.push('abcdef'))
    log(r.readableLength)


@scenario('''(log) => { const p = new PassThrough(); p.on('data', (d) => log(['data', d]));
    p.on('end', () => log('end')); p.on('finish', () => log('finish')); p.write('x'); p.end('y'); }''')
def passthrough(log):
    p = PassThrough()
    p.on('data', lambda d: log(['data', d]))
    p.on('end', lambda: log('end'))
    p.on('finish', lambda: log('finish'))
    p.write('x')
    p.end('y')


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
    # the main script's case: what Node does on a later tick waits until
    # the thread next waits (here: ends), so listeners attached after the
    # call are in time
    assert run_on_thread(PY[name]) == node_logs[name]


def test_iteration_blocks_until_pushed_from_another_thread():
    import threading
    r = Readable()
    got = []

    def produce():
        for c in (b'1', b'2', b'3'):
            r.push(c)
        r.push(None)
    t = threading.Timer(0.05, produce)
    t.start()
    for chunk in r:
        got.append(chunk)
    assert b''.join(got) == b'123'


def test_iteration_raises_on_destroy_with_error():
    import threading
    r = Readable()
    r.on('error', lambda e: None)
    threading.Timer(0.05, r.destroy, (ValueError('x'),)).start()
    with pytest.raises(ValueError):
        for _ in r:
            pass


def test_next_tick_runs_at_once_off_nodehttp_threads():
    seen = []
    _tick.next_tick(seen.append, 1)
    assert seen == [1]
