"""ServerResponse state flags and the order of 'finish' / 'close' events.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import GET, handler_js, on_request

pytestmark = pytest.mark.timeout(30)


def test_finished_flags_progress(wire):
    js = handler_js('''
        log(['before', res.finished, res.writableEnded, res.writableFinished]);
        res.on('finish', () => log(['finish', res.finished, res.writableEnded, res.writableFinished]));
        res.end('x');
        log(['after end', res.finished, res.writableEnded]);''')

    def py(req, res, log, s):
        log(['before', res.finished, res.writableEnded, res.writableFinished])
        res.on('finish', lambda: log(['finish', res.finished, res.writableEnded, res.writableFinished]))
        res.end('x')
        log(['after end', res.finished, res.writableEnded])
    wire.check(js, on_request(py), GET, logs=3)


def test_finish_and_close_order_with_request_events(wire):
    js = handler_js('''
        req.on('end', () => log('req end'));
        req.on('close', () => log('req close'));
        res.on('finish', () => log('res finish'));
        res.on('close', () => log('res close'));
        req.resume();
        req.on('end', () => res.end('ok'));''')

    def py(req, res, log, s):
        req.on('end', lambda: log('req end'))
        req.on('close', lambda: log('req close'))
        res.on('finish', lambda: log('res finish'))
        res.on('close', lambda: log('res close'))
        req.resume()
        req.on('end', lambda: res.end('ok'))
    r = wire.check(js, on_request(py), b'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc', logs=4)
    assert sorted(r.logs) == ['req close', 'req end', 'res close', 'res finish']


def test_end_callback_runs_on_finish(wire):
    js = handler_js('''res.on('finish', () => log('finish')); res.end('x', () => log('end cb'));''')

    def py(req, res, log, s):
        res.on('finish', lambda: log('finish'))
        res.end('x', lambda *a: log('end cb'))
    wire.check(js, on_request(py), GET, logs=2)


def test_write_callback_runs(wire):
    js = handler_js('''res.write('x', (e) => log(['write cb', e === undefined || e === null])); res.end();''')

    def py(req, res, log, s):
        res.write('x', lambda e=None: log(['write cb', e is None]))
        res.end()
    wire.check(js, on_request(py), GET, logs=1)


def test_close_when_client_leaves_before_end(wire):
    js = handler_js('''
        res.on('close', () => log(['res close', res.writableFinished]));
        req.on('close', () => log('req close'));
        res.write('partial');''')

    def py(req, res, log, s):
        res.on('close', lambda: log(['res close', res.writableFinished]))
        req.on('close', lambda: log('req close'))
        res.write('partial')
    nr, pr = wire.run(js, on_request(py), GET, until_close=True, timeout=0.3, logs=2)
    assert sorted(map(str, pr.logs)) == sorted(map(str, nr.logs))
    assert ['res close', False] in nr.logs


def test_end_twice_is_harmless(wire):
    # (whether a late end(cb) runs at once or on 'finish' depends on the
    # socket's flush timing in Node; only that it runs is pinned)
    js = handler_js('''res.end('a'); res.end(); log(res.finished); res.end(() => log('cb'));''')

    def py(req, res, log, s):
        res.end('a')
        res.end()
        log(res.finished)
        res.end(lambda *a: log('cb'))
    wire.check(js, on_request(py), GET, logs=2)


def test_res_socket_and_req_socket_same(wire):
    js = handler_js('''log([res.socket === req.socket, typeof res.socket.remotePort]); res.end();''')

    def py(req, res, log, s):
        log([res.socket is req.socket, 'number' if isinstance(res.socket.remotePort, int) else '?'])
        res.end()
    wire.check(js, on_request(py), GET)
