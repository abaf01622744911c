"""1xx responses a server sends: writeContinue, writeProcessing, writeEarlyHints.

Wire scenarios (tests/_wire.py): the same raw request bytes go to a Node
server and to a nodehttp server with the same handler; the response bytes
(Date masked), the connection's fate (kept/closed) and what the handler
logged must match.
"""

import pytest

from _wire import GET, handler_js, on_request

pytestmark = pytest.mark.timeout(30)


def test_write_continue(wire):
    def py(req, res, log, s):
        res.writeContinue()
        res.end('ok')
    wire.check(handler_js('''res.writeContinue(); res.end('ok');'''), on_request(py), GET)


def test_write_processing(wire):
    def py(req, res, log, s):
        res.writeProcessing()
        res.end('ok')
    wire.check(handler_js('''res.writeProcessing(); res.end('ok');'''), on_request(py), GET)


def test_write_early_hints_single_link(wire):
    def py(req, res, log, s):
        res.writeEarlyHints({'link': '</styles.css>; rel=preload; as=style'})
        res.end('ok')
    wire.check(handler_js('''res.writeEarlyHints({'link': '</styles.css>; rel=preload; as=style'}); res.end('ok');'''),
               on_request(py), GET)


def test_write_early_hints_list_and_extra(wire):
    def py(req, res, log, s):
        res.writeEarlyHints({'link': ['</a.css>; rel=preload', '</b.js>; rel=preload'],
                             'x-trace-id': 'id'}, lambda *a: log('cb'))
        res.end('ok')
    js = '''res.writeEarlyHints({'link': ['</a.css>; rel=preload', '</b.js>; rel=preload'],
                                 'x-trace-id': 'id'}, () => log('cb')); res.end('ok');'''
    wire.check(handler_js(js), on_request(py), GET, logs=1)
