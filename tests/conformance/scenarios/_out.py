"""Shared output for the twin scenarios (Python side), the port of _out.js.

Values print like console.log does: True -> true, None -> none (Node's
undefined and null alike), bytes -> buf(its latin1 text as a JSON string), dicts/lists -> JSON with
sorted keys, exceptions -> error(code: message).  Each logger (S, C, M)
buffers its lines; at exit they are printed grouped by logger, in name order.
"""

import atexit
import json
import os
import sys
import threading

_lines = {}
_lock = threading.Lock()


def _jsonable(v):
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {'type': 'Buffer', 'data': list(bytes(v))}
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def fmt(v):
    if v is None:
        return 'none'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, (bytes, bytearray, memoryview)):
        return 'buf(' + json.dumps(bytes(v).decode('latin1'), ensure_ascii=False) + ')'
    if isinstance(v, BaseException):
        return 'error(' + fmt(getattr(v, 'code', None)) + ': ' + str(getattr(v, 'message', v)) + ')'
    if isinstance(v, float):
        if v != v:
            return 'NaN'
        if v in (float('inf'), float('-inf')):
            return 'Infinity' if v > 0 else '-Infinity'
        if v.is_integer():
            return str(int(v))
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(_jsonable(v), sort_keys=True, separators=(',', ':'), ensure_ascii=False)
    return str(v)


def tag(name):
    def log(*args):
        line = ' '.join(fmt(a) for a in args)
        if os.environ.get('CONFORMANCE_TRACE'):
            sys.stderr.write('[%s] %s\n' % (name, line))
        with _lock:
            _lines.setdefault(name, []).append(line)
    return log


@atexit.register
def _flush():
    with _lock:
        for k in sorted(_lines):
            for line in _lines[k]:
                sys.stdout.write('[%s] %s\n' % (k, line))
    sys.stdout.flush()


def later(fn):
    """Runs fn after a pause long enough for a keep-alive socket to be back in its
    Agent's pool (or idle on the server), even on a loaded machine: _out.js's later().
    Python: on a timer thread, not one of nodehttp's; a non-daemon one (a thread
    inherits daemon from the thread that makes it, and nodehttp's are daemons),
    so the process waits for fn as Node waits for a pending timer."""
    t = threading.Timer(0.2, fn)
    t.daemon = False
    t.start()
    return t


S = tag('S')
C = tag('C')
M = tag('M')
