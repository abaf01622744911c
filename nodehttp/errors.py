"""Node-style errors with .code — the registry of lib/internal/errors.js (Node 20.20.2), for nodehttp.

Node builds every coded error from one table, ``E(code, message, Base)``;
so does this module.  Each ``ERR_*`` name below is a class, made by
:func:`E`, whose constructor takes the same arguments as Node's and builds
the same message, so ``str(err)`` is Node's ``err.message``::

    raise errors.ERR_HTTP_HEADERS_SENT('set')
    # Cannot set headers after they are sent to the client

Node's base classes map onto Python's (DESIGN.md, "Public API conventions"):

    Node ``Error``       -> :class:`NodeError`       (an ``Exception``)
    Node ``TypeError``   -> :class:`NodeTypeError`   (also a ``TypeError``)
    Node ``RangeError``  -> :class:`NodeRangeError`  (also a ``ValueError``)

Every error has ``.code``, ``.message`` and ``.name`` (Node's ``err.name``).
Catch by class (``except errors.ERR_HTTP_HEADERS_SENT``), by base, or test
``err.code``.  Where Node registers extra bases for one code
(``E('ERR_INVALID_ARG_VALUE', fn, TypeError, RangeError)``), the other
variants hang off the class: ``errors.ERR_INVALID_ARG_VALUE.RangeError(...)``.

Also here:

* system errors (:func:`from_oserror`, :func:`conn_reset`,
  :func:`etimedout`): the ``OSError`` subclass Python raised, made also a
  :class:`NodeError`, with Node's ``code``/``syscall``/``address``/``port``
  and message (``connect ECONNREFUSED 127.0.0.1:1``);
* parser errors (:class:`HTTPParserError`, :func:`parse_error`,
  :func:`hpe_code`, :func:`client_error_status`): httptools' reason strings
  mapped to Node's ``HPE_*`` codes;
* the little bits of JavaScript formatting Node's messages are made of
  (:func:`js_string`, :func:`js_inspect`, :func:`js_describe`), which other
  modules may use to stringify values as Node would.

Python differences: ``None`` stands for both ``undefined`` and ``null`` and is
shown as ``undefined`` (the usual meaning of a missing value); ``.errno`` on a
system error is Python's positive errno, not libuv's negative one.
"""

import errno as _errno
import json as _json
import math as _math
import socket as _socket
import sys as _sys
import threading as _threading
from decimal import Decimal as _Decimal

__all__ = [
    # bases and the registry
    'NodeError', 'NodeTypeError', 'NodeRangeError', 'AbortError', 'E', 'CODES',
    # system and parser errors
    'from_oserror', 'conn_reset', 'etimedout', 'HTTPParserError', 'parse_error', 'hpe_code',
    'client_error_status', 'HPE_CODES',
    # JavaScript formatting
    'js_string', 'js_inspect', 'js_describe', 'js_number',
    # codes (alphabetical)
    'ERR_ARG_NOT_ITERABLE', 'ERR_HTTP_BODY_NOT_ALLOWED', 'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
    'ERR_HTTP_HEADERS_SENT', 'ERR_HTTP_INVALID_HEADER_VALUE', 'ERR_HTTP_INVALID_STATUS_CODE',
    'ERR_HTTP_REQUEST_TIMEOUT', 'ERR_HTTP_SOCKET_ASSIGNED', 'ERR_HTTP_SOCKET_ENCODING',
    'ERR_HTTP_TRAILER_INVALID', 'ERR_INVALID_ADDRESS_FAMILY', 'ERR_INVALID_ARG_TYPE',
    'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN', 'ERR_INVALID_IP_ADDRESS',
    'ERR_INVALID_PROTOCOL', 'ERR_INVALID_RETURN_VALUE', 'ERR_INVALID_STATE', 'ERR_INVALID_THIS',
    'ERR_INVALID_URL', 'ERR_INVALID_URL_SCHEME', 'ERR_METHOD_NOT_IMPLEMENTED', 'ERR_MISSING_ARGS',
    'ERR_MULTIPLE_CALLBACK', 'ERR_OUT_OF_RANGE', 'ERR_SERVER_ALREADY_LISTEN',
    'ERR_SERVER_NOT_RUNNING', 'ERR_SOCKET_BAD_PORT', 'ERR_SOCKET_CLOSED',
    'ERR_SOCKET_CLOSED_BEFORE_CONNECTION', 'ERR_SOCKET_CONNECTION_TIMEOUT',
    'ERR_STREAM_ALREADY_FINISHED', 'ERR_STREAM_CANNOT_PIPE', 'ERR_STREAM_DESTROYED',
    'ERR_STREAM_NULL_VALUES', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_PUSH_AFTER_EOF',
    'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'ERR_STREAM_WRITE_AFTER_END',
    'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_TLS_HANDSHAKE_TIMEOUT', 'ERR_TLS_INVALID_STATE',
    'ERR_UNESCAPED_CHARACTERS', 'ERR_UNHANDLED_ERROR', 'ERR_UNKNOWN_ENCODING',
]

_MISSING = object()   # an argument not given at all (Node: `arguments.length`)


# --- bases --------------------------------------------------------------------

class NodeError(Exception):
    """Node's ``Error`` with a ``code``.  ``str(err)`` is ``err.message``."""

    name = 'Error'
    code = None

    def __init__(self, message='', code=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self):
        return self.message

    def __reduce__(self):
        # The ERR_* constructors take Node's arguments, not the message, so
        # rebuild from the instance's state instead of calling cls(*args).
        return (_rebuild, (type(self), self.args, self.__dict__.copy()))


def _rebuild(cls, args, state):
    obj = cls.__new__(cls, *args)
    obj.args = args
    obj.__dict__.update(state)
    return obj


class NodeTypeError(NodeError, TypeError):
    """Node's ``TypeError`` with a ``code``: catchable as ``TypeError``."""

    name = 'TypeError'


class NodeRangeError(NodeError, ValueError):
    """Node's ``RangeError`` with a ``code``: catchable as ``ValueError``."""

    name = 'RangeError'


class AbortError(NodeError):
    """Node's ``AbortError`` (``code`` ``'ABORT_ERR'``): an operation stopped by
    an ``AbortSignal`` (the ``signal`` option)."""

    name = 'AbortError'
    code = 'ABORT_ERR'

    def __init__(self, message='The operation was aborted', cause=None):
        super().__init__(message)
        if cause is not None:
            self.cause = cause
            self.__cause__ = cause if isinstance(cause, BaseException) else None


# --- the registry: E(code, message, Base) ----------------------------------------

CODES = {}   # code -> class, every ERR_* defined below


def E(code, message, base, *other_bases):
    """Registers ``code`` and returns its class, a subclass of ``base``.

    ``message`` is either Node's template, whose ``%s`` are filled from the
    constructor's arguments as ``util.format`` would (the argument count must
    match), or a function ``(err, *args) -> str`` that may also set
    properties on ``err`` (Node's ``function(...) { this.x = ...; }``).
    Each of ``other_bases`` adds a variant named after its Node class:
    ``E('ERR_X', ..., NodeTypeError, NodeRangeError)`` gives ``ERR_X.RangeError``.
    """
    def make(base):
        if callable(message):
            def __init__(self, *args, **kwargs):
                NodeError.__init__(self, message(self, *args, **kwargs))
            doc = f'``{base.name} [{code}]``.'
        else:
            nargs = message.count('%s')

            def __init__(self, *args):
                if len(args) != nargs:
                    raise TypeError(f'{code} takes {nargs} argument(s) ({len(args)} given)')
                NodeError.__init__(self, _fill(message, args))
            doc = f'``{base.name} [{code}]``: {message!r}.'
        cls = type(code, (base,), {
            'code': code, '__init__': __init__, '__doc__': doc, '__module__': __name__,
        })
        return cls

    cls = make(base)
    for other in other_bases:
        variant = make(other)
        variant.__qualname__ = f'{code}.{other.name}'
        setattr(cls, other.name, variant)
    CODES[code] = cls
    return cls


def _fill(template, args):
    """Node's ``util.format`` with ``%s`` only: each argument as ``%s`` shows it."""
    parts = template.split('%s')
    out = [parts[0]]
    for arg, rest in zip(args, parts[1:]):
        out.append(_format_s(arg))
        out.append(rest)
    return ''.join(out)


def _format_s(value):
    # util.format('%s', v): String(v) for primitives, numbers as formatted
    # numbers (-0 stays '-0'), objects without their own toString inspected
    # at depth 0.
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return js_number(value, keep_negative_zero=True)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return js_inspect(value, depth=0)
    return js_string(value)


# --- JavaScript formatting ------------------------------------------------------

def js_number(value, keep_negative_zero=False):
    """``String(n)`` for a JavaScript number: ``1`` for ``1.0``, ``1e+21``,
    ``1.5e-7``, ``NaN``, ``Infinity``.  ``-0`` is ``'0'`` (as ``String``) unless
    ``keep_negative_zero`` (as ``util.inspect``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if -10 ** 21 < value < 10 ** 21:
            return str(value)
        value = float(value)
    if value != value:
        return 'NaN'
    if value in (_math.inf, -_math.inf):
        return 'Infinity' if value > 0 else '-Infinity'
    if value == 0:
        return '-0' if keep_negative_zero and _math.copysign(1.0, value) < 0 else '0'
    # ECMAScript Number::toString: the shortest round-trip digits (repr()
    # gives the same ones), placed by the decimal exponent with JS's
    # thresholds (plain up to 1e21, exponent below 1e-6).
    sign, digit_tuple, exp = _Decimal(repr(float(value))).as_tuple()
    digits = ''.join(map(str, digit_tuple))
    n = len(digits) + exp           # value = 0.<digits> * 10**n
    digits = digits.rstrip('0')
    k = len(digits)
    neg = '-' if sign else ''
    if k <= n <= 21:
        return neg + digits + '0' * (n - k)
    if 0 < n <= 21:
        return neg + digits[:n] + '.' + digits[n:]
    if -6 < n <= 0:
        return neg + '0.' + '0' * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + '.' + digits[1:]
    return f"{neg}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def js_string(value):
    """``String(value)`` for the Python stand-ins of JavaScript values:
    ``None`` -> ``'undefined'``, ``True`` -> ``'true'``, ``1.0`` -> ``'1'``,
    a list joined with ``','``, bytes decoded as UTF-8 (``Buffer#toString``)."""
    if isinstance(value, str):
        return value
    if value is None:
        return 'undefined'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode('utf-8', 'replace')
    if isinstance(value, (list, tuple)):
        return ','.join('' if v is None else js_string(v) for v in value)
    if isinstance(value, dict):
        return '[object Object]'
    return str(value)


_INSPECT_ESCAPES = {8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 92: '\\\\'}


def _inspect_str(s):
    # util.inspect's quoting: single quotes unless the string has one; then
    # double quotes, then backticks; escapes for C0/C1 controls.
    if "'" not in s:
        quote = "'"
    elif '"' not in s:
        quote = '"'
    elif '`' not in s and '${' not in s:
        quote = '`'
    else:
        quote = "'"
    out = []
    for ch in s:
        c = ord(ch)
        if c in _INSPECT_ESCAPES:
            out.append(_INSPECT_ESCAPES[c])
        elif c < 0x20 or 0x7f <= c <= 0x9f:
            out.append('\\x%02X' % c)
        elif 0xd800 <= c <= 0xdfff:
            out.append('\\u%04X' % c)
        elif ch == quote == "'":
            out.append("\\'")
        else:
            out.append(ch)
    return quote + ''.join(out) + quote


def _is_identifier(key):
    return isinstance(key, str) and key.isidentifier() and key.isascii()


def js_inspect(value, depth=2):
    """``util.inspect(value)``, approximately, on one line: ``'str'``,
    ``[ 1, 'a' ]``, ``{ a: 1, 'b-c': 2 }``, ``<Buffer 61 62>``, ``undefined``.
    Nesting deeper than ``depth`` shows ``[Array]``/``[Object]``."""
    if isinstance(value, str):
        return _inspect_str(value)
    if value is None:
        return 'undefined'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return js_number(value, keep_negative_zero=True)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        shown = ' '.join('%02x' % b for b in data[:50])
        more = f' ... {len(data) - 50} more byte{"s" if len(data) > 51 else ""}' \
            if len(data) > 50 else ''
        return f'<Buffer{" " if data else ""}{shown}{more}>'
    if isinstance(value, (list, tuple)):
        if not value:
            return '[]'
        if depth < 0:
            return '[Array]'
        return '[ ' + ', '.join(js_inspect(v, depth - 1) for v in value) + ' ]'
    if isinstance(value, dict):
        if not value:
            return '{}'
        if depth < 0:
            return '[Object]'
        items = []
        for k, v in value.items():
            key = k if _is_identifier(k) else _inspect_str(js_string(k))
            items.append(f'{key}: {js_inspect(v, depth - 1)}')
        return '{ ' + ', '.join(items) + ' }'
    if isinstance(value, (set, frozenset)):
        if not value:
            return f'Set({len(value)}) {{}}'
        return f'Set({len(value)}) {{ ' + ', '.join(js_inspect(v, depth - 1) for v in value) + ' }'
    if isinstance(value, type):
        return f'[class {value.__name__}]'
    if _is_function(value):
        return f'[Function: {value.__name__}]'
    if isinstance(value, NodeError):
        return f'{value.name} [{value.code}]: {value.message}' if value.code else \
            f'{value.name}: {value.message}'
    return repr(value)


def _is_function(value):
    # JavaScript's typeof 'function': functions, methods, builtins, classes
    # (a callable instance without a __name__ stays an object).
    return callable(value) and isinstance(getattr(value, '__name__', None), str)


# Python types shown under Node's constructor name (Buffer is bytes, DESIGN.md).
_JS_CLASS_NAMES = {bytes: 'Buffer', list: 'Array', dict: 'Object'}


def js_describe(value):
    """Node's ``determineSpecificType``: how ``ERR_INVALID_ARG_TYPE`` says what
    it received: ``undefined``, ``type number (5)``, ``type string ('abc')``,
    ``function foo``, ``an instance of Buffer`` (bytes), ``an instance of
    Array`` (list), ``an instance of Object`` (dict), ``an instance of X``."""
    if value is None:
        return 'undefined'
    if isinstance(value, bool):
        return f'type boolean ({"true" if value else "false"})'
    if isinstance(value, (int, float)):
        return f'type number ({js_number(value, keep_negative_zero=True)})'
    if isinstance(value, str):
        if len(value) > 28:
            value = value[:25] + '...'
        if "'" not in value:
            return f"type string ('{value}')"
        return f'type string ({_json.dumps(value, ensure_ascii=False)})'
    if _is_function(value):
        return f'function {value.__name__}'
    cls = type(value)
    return f'an instance of {_JS_CLASS_NAMES.get(cls, cls.__name__)}'


def _format_list(items, conj='and'):
    # Node's formatList: 'a', 'a or b', 'a, b, or c'.
    if len(items) <= 2:
        return f' {conj} '.join(items)
    return ', '.join(items[:-1]) + f', {conj} ' + items[-1]


# --- the codes (Node 20.20.2 messages; tests/test_errors.py checks them against node) ---

ERR_HTTP_BODY_NOT_ALLOWED = E(
    'ERR_HTTP_BODY_NOT_ALLOWED',
    'Adding content for this request method or response status is not allowed.', NodeError)
ERR_HTTP_CONTENT_LENGTH_MISMATCH = E(
    'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
    "Response body's content-length of %s byte(s) does not match the content-length "
    'of %s byte(s) set in header', NodeError)
ERR_HTTP_HEADERS_SENT = E(
    'ERR_HTTP_HEADERS_SENT', 'Cannot %s headers after they are sent to the client', NodeError)
ERR_HTTP_INVALID_HEADER_VALUE = E(
    'ERR_HTTP_INVALID_HEADER_VALUE', 'Invalid value "%s" for header "%s"', NodeTypeError)
ERR_HTTP_INVALID_STATUS_CODE = E(
    'ERR_HTTP_INVALID_STATUS_CODE', 'Invalid status code: %s', NodeRangeError)
ERR_HTTP_REQUEST_TIMEOUT = E('ERR_HTTP_REQUEST_TIMEOUT', 'Request timeout', NodeError)
ERR_HTTP_SOCKET_ASSIGNED = E(
    'ERR_HTTP_SOCKET_ASSIGNED', 'ServerResponse has an already assigned socket', NodeError)
ERR_HTTP_SOCKET_ENCODING = E(
    'ERR_HTTP_SOCKET_ENCODING',
    'Changing the socket encoding is not allowed per RFC7230 Section 3.', NodeError)
ERR_HTTP_TRAILER_INVALID = E(
    'ERR_HTTP_TRAILER_INVALID', 'Trailers are invalid with this transfer encoding', NodeError)
ERR_INVALID_HTTP_TOKEN = E(
    'ERR_INVALID_HTTP_TOKEN', '%s must be a valid HTTP token ["%s"]', NodeTypeError)
ERR_INVALID_PROTOCOL = E(
    'ERR_INVALID_PROTOCOL', 'Protocol "%s" not supported. Expected "%s"', NodeTypeError)
ERR_UNESCAPED_CHARACTERS = E(
    'ERR_UNESCAPED_CHARACTERS', '%s contains unescaped characters', NodeTypeError)
ERR_UNKNOWN_ENCODING = E('ERR_UNKNOWN_ENCODING', 'Unknown encoding: %s', NodeTypeError)
ERR_INVALID_IP_ADDRESS = E('ERR_INVALID_IP_ADDRESS', 'Invalid IP address: %s', NodeTypeError)
ERR_INVALID_THIS = E('ERR_INVALID_THIS', 'Value of "this" must be of type %s', NodeTypeError)
ERR_ARG_NOT_ITERABLE = E('ERR_ARG_NOT_ITERABLE', '%s must be iterable', NodeTypeError)
ERR_INVALID_STATE = E('ERR_INVALID_STATE', 'Invalid state: %s',
                      NodeError, NodeTypeError, NodeRangeError)
ERR_METHOD_NOT_IMPLEMENTED = E(
    'ERR_METHOD_NOT_IMPLEMENTED', 'The %s method is not implemented', NodeError)
ERR_MULTIPLE_CALLBACK = E('ERR_MULTIPLE_CALLBACK', 'Callback called multiple times', NodeError)

ERR_SERVER_ALREADY_LISTEN = E(
    'ERR_SERVER_ALREADY_LISTEN',
    'Listen method has been called more than once without closing.', NodeError)
ERR_SERVER_NOT_RUNNING = E('ERR_SERVER_NOT_RUNNING', 'Server is not running.', NodeError)
ERR_SOCKET_CLOSED = E('ERR_SOCKET_CLOSED', 'Socket is closed', NodeError)
ERR_SOCKET_CLOSED_BEFORE_CONNECTION = E(
    'ERR_SOCKET_CLOSED_BEFORE_CONNECTION',
    'Socket closed before the connection was established', NodeError)
ERR_SOCKET_CONNECTION_TIMEOUT = E(
    'ERR_SOCKET_CONNECTION_TIMEOUT', 'Socket connection timeout', NodeError)

ERR_STREAM_ALREADY_FINISHED = E(
    'ERR_STREAM_ALREADY_FINISHED', 'Cannot call %s after a stream was finished', NodeError)
ERR_STREAM_CANNOT_PIPE = E('ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable', NodeError)
ERR_STREAM_DESTROYED = E(
    'ERR_STREAM_DESTROYED', 'Cannot call %s after a stream was destroyed', NodeError)
ERR_STREAM_NULL_VALUES = E(
    'ERR_STREAM_NULL_VALUES', 'May not write null values to stream', NodeTypeError)
ERR_STREAM_PREMATURE_CLOSE = E('ERR_STREAM_PREMATURE_CLOSE', 'Premature close', NodeError)
ERR_STREAM_PUSH_AFTER_EOF = E('ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF', NodeError)
ERR_STREAM_UNSHIFT_AFTER_END_EVENT = E(
    'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event', NodeError)
ERR_STREAM_WRITE_AFTER_END = E('ERR_STREAM_WRITE_AFTER_END', 'write after end', NodeError)

ERR_TLS_HANDSHAKE_TIMEOUT = E('ERR_TLS_HANDSHAKE_TIMEOUT', 'TLS handshake timeout', NodeError)
ERR_TLS_INVALID_STATE = E(
    'ERR_TLS_INVALID_STATE', 'TLS socket connection must be securely established', NodeError)


def _invalid_char(err, name, field=None):
    # Node: (name, field = undefined); None stands for undefined.
    return f'Invalid character in {name}' + ('' if field is None else f' ["{field}"]')


ERR_INVALID_CHAR = E('ERR_INVALID_CHAR', _invalid_char, NodeTypeError)

_K_TYPES = ('string', 'function', 'number', 'object', 'Function', 'Object',
            'boolean', 'bigint', 'symbol')


def _invalid_arg_type(err, name, expected, actual):
    if isinstance(expected, str):
        expected = [expected]
    if name.endswith(' argument'):
        msg = f'The {name} must be '
    else:
        msg = f'The "{name}" {"property" if "." in name else "argument"} must be '
    types, instances, other = [], [], []
    for value in expected:
        if value in _K_TYPES:
            types.append(value.lower())
        elif value[:1].isupper() and value.isalnum() and value.isascii():
            instances.append(value)       # Node's classRegExp /^[A-Z][a-zA-Z0-9]*$/
        else:
            other.append(value)
    if instances and 'object' in types:
        types.remove('object')
        instances.append('Object')
    if types:
        msg += f'{"one of type" if len(types) > 1 else "of type"} {_format_list(types, "or")}'
        if instances or other:
            msg += ' or '
    if instances:
        msg += f'an instance of {_format_list(instances, "or")}'
        if other:
            msg += ' or '
    if other:
        if len(other) > 1:
            msg += f'one of {_format_list(other, "or")}'
        else:
            msg += ('an ' if other[0].lower() != other[0] else '') + other[0]
    return f'{msg}. Received {js_describe(actual)}'


ERR_INVALID_ARG_TYPE = E('ERR_INVALID_ARG_TYPE', _invalid_arg_type, NodeTypeError)


def _invalid_arg_value(err, name, value, reason='is invalid'):
    inspected = js_inspect(value)
    if len(inspected) > 128:
        inspected = inspected[:128] + '...'
    return f"The {'property' if '.' in name else 'argument'} '{name}' {reason}. Received {inspected}"


ERR_INVALID_ARG_VALUE = E('ERR_INVALID_ARG_VALUE', _invalid_arg_value,
                          NodeTypeError, NodeRangeError)


def _add_numerical_separator(digits):
    sign = '-' if digits.startswith('-') else ''
    digits = digits.lstrip('-')
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + '_'.join([digits] + groups)


def _out_of_range(err, name, range, value, replaceDefaultBoolean=False):
    msg = name if replaceDefaultBoolean else f'The value of "{name}" is out of range.'
    is_integer = (isinstance(value, int) and not isinstance(value, bool)) or \
        (isinstance(value, float) and value.is_integer())
    if is_integer and abs(value) > 2 ** 32:
        received = _add_numerical_separator(js_number(value))
    else:
        received = js_inspect(value)
    return f'{msg} It must be {range}. Received {received}'


ERR_OUT_OF_RANGE = E('ERR_OUT_OF_RANGE', _out_of_range, NodeRangeError)


def _missing_args(err, *names):
    if not names:
        raise TypeError('ERR_MISSING_ARGS needs at least one name')
    wrapped = [' or '.join(f'"{n}"' for n in a) if isinstance(a, (list, tuple)) else f'"{a}"'
               for a in names]
    return f'The {_format_list(wrapped)} argument{"s" if len(names) > 1 else ""} must be specified'


ERR_MISSING_ARGS = E('ERR_MISSING_ARGS', _missing_args, NodeTypeError)


def _invalid_return_value(err, input, name, value):
    return f'Expected {input} to be returned from the "{name}" function but got {js_describe(value)}.'


ERR_INVALID_RETURN_VALUE = E('ERR_INVALID_RETURN_VALUE', _invalid_return_value,
                             NodeTypeError, NodeRangeError)


def _socket_bad_port(err, name, port, allowZero=True):
    return (f'{name} should be {">=" if allowZero else ">"} 0 and < 65536. '
            f'Received {js_describe(port)}.')


ERR_SOCKET_BAD_PORT = E('ERR_SOCKET_BAD_PORT', _socket_bad_port, NodeRangeError)


def _invalid_url(err, input, base=None):
    err.input = input
    if base is not None:
        err.base = base
    return 'Invalid URL'   # Node leaves the URL out of the message (nodejs/node#38614)


ERR_INVALID_URL = E('ERR_INVALID_URL', _invalid_url, NodeTypeError)


def _invalid_url_scheme(err, expected):
    if isinstance(expected, str):
        expected = [expected]
    which = f'one of scheme {expected[0]} or {expected[1]}' if len(expected) == 2 \
        else f'of scheme {expected[0]}'
    return f'The URL must be {which}'


ERR_INVALID_URL_SCHEME = E('ERR_INVALID_URL_SCHEME', _invalid_url_scheme, NodeTypeError)


def _invalid_address_family(err, addressType, host, port):
    err.host = host
    err.port = port
    return f'Invalid address family: {addressType} {host}:{js_string(port)}'


ERR_INVALID_ADDRESS_FAMILY = E('ERR_INVALID_ADDRESS_FAMILY', _invalid_address_family,
                               NodeRangeError)


def _tls_cert_altname_invalid(err, reason, host, cert):
    err.reason = reason
    err.host = host
    err.cert = cert
    return f"Hostname/IP does not match certificate's altnames: {reason}"


ERR_TLS_CERT_ALTNAME_INVALID = E('ERR_TLS_CERT_ALTNAME_INVALID', _tls_cert_altname_invalid,
                                 NodeError)


def _unhandled_error(err, context=_MISSING):
    # events.js throws ERR_UNHANDLED_ERROR(inspect(er)) and keeps er as
    # err.context; here the constructor takes the value and does both.
    if context is _MISSING:
        err.context = None
        return 'Unhandled error.'
    err.context = context
    return f'Unhandled error. ({js_inspect(context)})'


ERR_UNHANDLED_ERROR = E('ERR_UNHANDLED_ERROR', _unhandled_error, NodeError)


# --- system errors -----------------------------------------------------------------

# libuv's uv_strerror() texts, which Node puts in `listen` errors
# (UVExceptionWithHostPort); from node -p "util.getSystemErrorMap()".
_UV_MESSAGES = {
    'E2BIG': 'argument list too long', 'EACCES': 'permission denied',
    'EADDRINUSE': 'address already in use', 'EADDRNOTAVAIL': 'address not available',
    'EAFNOSUPPORT': 'address family not supported',
    'EAGAIN': 'resource temporarily unavailable',
    'EAI_ADDRFAMILY': 'address family not supported', 'EAI_AGAIN': 'temporary failure',
    'EAI_BADFLAGS': 'bad ai_flags value', 'EAI_BADHINTS': 'invalid value for hints',
    'EAI_CANCELED': 'request canceled', 'EAI_FAIL': 'permanent failure',
    'EAI_FAMILY': 'ai_family not supported', 'EAI_MEMORY': 'out of memory',
    'EAI_NODATA': 'no address', 'EAI_NONAME': 'unknown node or service',
    'EAI_OVERFLOW': 'argument buffer overflow', 'EAI_PROTOCOL': 'resolved protocol is unknown',
    'EAI_SERVICE': 'service not available for socket type',
    'EAI_SOCKTYPE': 'socket type not supported', 'EALREADY': 'connection already in progress',
    'EBADF': 'bad file descriptor', 'EBUSY': 'resource busy or locked',
    'ECANCELED': 'operation canceled', 'ECHARSET': 'invalid Unicode character',
    'ECONNABORTED': 'software caused connection abort', 'ECONNREFUSED': 'connection refused',
    'ECONNRESET': 'connection reset by peer', 'EDESTADDRREQ': 'destination address required',
    'EEXIST': 'file already exists', 'EFAULT': 'bad address in system call argument',
    'EFBIG': 'file too large', 'EHOSTUNREACH': 'host is unreachable',
    'EINTR': 'interrupted system call', 'EINVAL': 'invalid argument', 'EIO': 'i/o error',
    'EISCONN': 'socket is already connected', 'EISDIR': 'illegal operation on a directory',
    'ELOOP': 'too many symbolic links encountered', 'EMFILE': 'too many open files',
    'EMSGSIZE': 'message too long', 'ENAMETOOLONG': 'name too long',
    'ENETDOWN': 'network is down', 'ENETUNREACH': 'network is unreachable',
    'ENFILE': 'file table overflow', 'ENOBUFS': 'no buffer space available',
    'ENODEV': 'no such device', 'ENOENT': 'no such file or directory',
    'ENOMEM': 'not enough memory', 'ENONET': 'machine is not on the network',
    'ENOPROTOOPT': 'protocol not available', 'ENOSPC': 'no space left on device',
    'ENOSYS': 'function not implemented', 'ENOTCONN': 'socket is not connected',
    'ENOTDIR': 'not a directory', 'ENOTEMPTY': 'directory not empty',
    'ENOTSOCK': 'socket operation on non-socket', 'ENOTSUP': 'operation not supported on socket',
    'EOVERFLOW': 'value too large for defined data type', 'EPERM': 'operation not permitted',
    'EPIPE': 'broken pipe', 'EPROTO': 'protocol error',
    'EPROTONOSUPPORT': 'protocol not supported', 'EPROTOTYPE': 'protocol wrong type for socket',
    'ERANGE': 'result too large', 'EROFS': 'read-only file system',
    'ESHUTDOWN': 'cannot send after transport endpoint shutdown', 'ESPIPE': 'invalid seek',
    'ESRCH': 'no such process', 'ETIMEDOUT': 'connection timed out',
    'ETXTBSY': 'text file is busy', 'EXDEV': 'cross-device link not permitted',
    'UNKNOWN': 'unknown error', 'EOF': 'end of file', 'ENXIO': 'no such device or address',
    'EMLINK': 'too many links', 'EHOSTDOWN': 'host is down', 'EREMOTEIO': 'remote I/O error',
    'ENOTTY': 'inappropriate ioctl for device', 'EFTYPE': 'inappropriate file type or format',
    'EILSEQ': 'illegal byte sequence', 'ESOCKTNOSUPPORT': 'socket type not supported',
    'ENODATA': 'no data available', 'EUNATCH': 'protocol driver not attached',
}

# Python's errno names where libuv uses the other spelling.
_ERRNO_ALIASES = {'EOPNOTSUPP': 'ENOTSUP', 'EWOULDBLOCK': 'EAGAIN', 'EDEADLOCK': 'EDEADLK'}

_EAI_NAMES = {getattr(_socket, n): n for n in dir(_socket) if n.startswith('EAI_')}
# dns.js: "ENOTFOUND is not a proper POSIX error, but this error has been in
# place long enough that it's not practical to remove it."
_ENOTFOUND_EAI = {getattr(_socket, n) for n in ('EAI_NONAME', 'EAI_NODATA') if hasattr(_socket, n)}

# OpenSSL X509_V_ERR_* numbers -> Node's code (the name without the prefix).
_X509_CODES = {
    2: 'UNABLE_TO_GET_ISSUER_CERT', 3: 'UNABLE_TO_GET_CRL',
    4: 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 7: 'CERT_SIGNATURE_FAILURE',
    9: 'CERT_NOT_YET_VALID', 10: 'CERT_HAS_EXPIRED', 13: 'ERROR_IN_CERT_NOT_BEFORE_FIELD',
    14: 'ERROR_IN_CERT_NOT_AFTER_FIELD', 18: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    19: 'SELF_SIGNED_CERT_IN_CHAIN', 20: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    21: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 22: 'CERT_CHAIN_TOO_LONG', 23: 'CERT_REVOKED',
    24: 'INVALID_CA', 26: 'INVALID_PURPOSE', 27: 'CERT_UNTRUSTED', 28: 'CERT_REJECTED',
    62: 'ERR_TLS_CERT_ALTNAME_INVALID', 64: 'ERR_TLS_CERT_ALTNAME_INVALID',
}

_system_classes = {}   # an OSError subclass -> its NodeError twin
_system_classes_lock = _threading.Lock()


def _system_class(base):
    """The cached class that is both ``base`` (an OSError subclass) and a
    NodeError, like http.client's ``RemoteDisconnected(ConnectionResetError,
    BadStatusLine)``: ``except ConnectionRefusedError`` still works.  One
    class per base, whichever thread asks first."""
    cls = _system_classes.get(base)
    if cls is None:
        with _system_classes_lock:
            cls = _system_classes.get(base)
            if cls is None:
                name = 'Node' + base.__name__[:1].upper() + base.__name__[1:]
                cls = type(name, (base, NodeError), {
                    '__module__': __name__,
                    '__doc__': f'``{base.__name__}`` with Node\'s ``code``, ``syscall``, '
                               '``address``, ``port`` and message.',
                    '__str__': NodeError.__str__,
                    '__reduce__': _system_reduce,
                    'syscall': None, 'address': None, 'port': None,
                })
                _system_classes[base] = cls
                globals().setdefault(name, cls)   # so pickle finds it by name
    return cls


def _system_reduce(self):
    return (_rebuild_system, (type(self).__mro__[1], self.args, self.__dict__.copy()))


def _rebuild_system(base, args, state):
    obj = _system_class(base)(*args)
    obj.__dict__.update(state)
    return obj


def _new_system_error(base, errno_num, strerror, code, message, syscall=None,
                      address=None, port=None, cause=None):
    cls = _system_class(base)
    err = cls(errno_num, strerror) if errno_num is not None else cls(strerror)
    err.message = message
    err.code = code
    err.syscall = syscall
    err.address = address
    err.port = port
    if cause is not None:
        err.__cause__ = cause
    return err


def _details(address, port):
    # Node: ' address:port' when port > 0, ' address' when only an address.
    try:
        has_port = port is not None and float(port) > 0
    except (TypeError, ValueError):
        has_port = False
    if has_port:
        return f' {address}:{port}'
    if address:
        return f' {address}'
    return ''


def from_oserror(exc, syscall=None, address=None, port=None):
    """Returns ``exc`` as Node reports it: an exception of the same OSError
    subclass that is also a :class:`NodeError`, with ``.code`` (``'ECONNREFUSED'``;
    ``'ENOTFOUND'`` for an unknown host), ``.errno`` (Python's), ``.syscall``,
    ``.address``, ``.port`` and Node's message:

    * ``connect ECONNREFUSED 127.0.0.1:1`` (``connect``, ``bind``, ``read``, ``write`` ...)
    * ``listen EADDRINUSE: address already in use 127.0.0.1:8080`` (libuv's text)
    * ``getaddrinfo ENOTFOUND nohost.invalid`` (``socket.gaierror``; also ``.hostname``)

    A socket timeout (``TimeoutError`` without an errno) is ``ETIMEDOUT``.  An
    ``ssl`` certificate error gets Node's code (``DEPTH_ZERO_SELF_SIGNED_CERT``,
    ``CERT_HAS_EXPIRED``, ``ERR_TLS_CERT_ALTNAME_INVALID`` ...) and OpenSSL's
    text; another ``ssl.SSLError`` is ``EPROTO``.  An exception that already
    is a NodeError is returned unchanged.  The original is kept as ``__cause__``.
    """
    if isinstance(exc, NodeError):
        return exc
    base = type(exc)
    num = exc.errno

    if isinstance(exc, _socket.gaierror):
        syscall = syscall or 'getaddrinfo'
        code = 'ENOTFOUND' if num in _ENOTFOUND_EAI else _EAI_NAMES.get(num, 'UNKNOWN')
        err = _new_system_error(base, num, exc.strerror, code,
                                f'{syscall} {code}' + (f' {address}' if address else ''),
                                syscall, None, None, exc)
        err.hostname = address
        return err

    ssl = _sys.modules.get('ssl')
    if ssl is not None and isinstance(exc, ssl.SSLError):
        return _from_ssl_error(ssl, exc, syscall, address, port)

    if num is None and isinstance(exc, (TimeoutError, _socket.timeout)):
        num = _errno.ETIMEDOUT     # socket.timeout: Python's own timer, Node's ETIMEDOUT
    code = _errno.errorcode.get(num, 'UNKNOWN') if num is not None else 'UNKNOWN'
    code = _ERRNO_ALIASES.get(code, code)
    strerror = exc.strerror or _UV_MESSAGES.get(code, str(exc))
    if syscall is None:
        message = f'{code}: {_UV_MESSAGES.get(code, strerror)}'
    elif syscall == 'listen':
        # net.js reports listen failures with UVExceptionWithHostPort.
        message = f'{syscall} {code}: {_UV_MESSAGES.get(code, strerror)}'
    else:
        message = f'{syscall} {code}'
    message += _details(address, port)
    return _new_system_error(base, num, strerror, code, message, syscall, address, port, exc)


def _from_ssl_error(ssl, exc, syscall, address, port):
    base = type(exc)
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = _X509_CODES.get(exc.verify_code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')
        text = exc.verify_message or str(exc)
        if code == 'ERR_TLS_CERT_ALTNAME_INVALID':
            message = f"Hostname/IP does not match certificate's altnames: {text}"
        else:
            message = text
        err = _new_system_error(base, exc.errno, exc.strerror, code, message,
                                syscall, address, port, exc)
        if code == 'ERR_TLS_CERT_ALTNAME_INVALID':
            err.reason = text
            err.host = address
        return err
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        code = 'ECONNRESET'
    else:
        code = 'EPROTO'
    message = (f'{syscall} {code}' if syscall else code) + f' {exc}'
    err = _new_system_error(base, exc.errno, exc.strerror, code, message,
                            syscall, address, port, exc)
    err.library = getattr(exc, 'library', None)
    err.reason = getattr(exc, 'reason', None)
    return err


def conn_reset(message='socket hang up'):
    """Node's ``ConnResetException``: a ``ConnectionResetError`` and NodeError
    with ``code`` ``'ECONNRESET'`` and no errno — ``'socket hang up'`` (no
    response on a client request) or ``'aborted'`` (a message cut short)."""
    return _new_system_error(ConnectionResetError, None, message, 'ECONNRESET', message)


def etimedout(syscall='connect', address=None, port=None):
    """``connect ETIMEDOUT 10.0.0.1:80``: a ``TimeoutError`` and NodeError,
    as the kernel's connect timeout is reported by Node."""
    return from_oserror(TimeoutError(_errno.ETIMEDOUT, _UV_MESSAGES['ETIMEDOUT']),
                        syscall, address, port)


# --- parser errors ------------------------------------------------------------------

# llhttp's reason string (httptools 0.9.0, llhttp 9.4.3: str(exc)) -> Node's
# err.code.  LIBRARY-NOTES.md §6.2; keep next to the pinned httptools version.
HPE_CODES = {
    'Invalid method encountered': 'HPE_INVALID_METHOD',
    'Expected space after method': 'HPE_INVALID_METHOD',
    'Invalid method for HTTP/x.x request': 'HPE_INVALID_CONSTANT',
    'Invalid method for RTSP/x.x request': 'HPE_INVALID_CONSTANT',
    'Expected HTTP/, RTSP/ or ICE/': 'HPE_INVALID_CONSTANT',
    'Expected SOURCE method for ICE/x.x request': 'HPE_INVALID_CONSTANT',
    'Invalid word encountered': 'HPE_INVALID_CONSTANT',
    'Invalid HTTP version': 'HPE_INVALID_VERSION',
    'Invalid major version': 'HPE_INVALID_VERSION',
    'Invalid minor version': 'HPE_INVALID_VERSION',
    'Expected dot': 'HPE_INVALID_VERSION',
    'Expected space after version': 'HPE_INVALID_VERSION',
    'Expected HTTP/2 Connection Preface': 'HPE_INVALID_VERSION',
    # llhttp uses HPE_STRICT for this text only when a CR after the version
    # is not followed by LF; what Node 20 reports for a bare LF is this.
    'Expected CRLF after version': 'HPE_INVALID_VERSION',
    'Invalid char in url path': 'HPE_INVALID_URL',
    'Invalid char in url query': 'HPE_INVALID_URL',
    'Invalid char in url fragment start': 'HPE_INVALID_URL',
    'Invalid characters in url': 'HPE_INVALID_URL',
    'Unexpected start char in url': 'HPE_INVALID_URL',
    'Unexpected char in url schema': 'HPE_INVALID_URL',
    'Unexpected char in url server': 'HPE_INVALID_URL',
    'Double @ in url': 'HPE_INVALID_URL',
    'Expected CRLF': 'HPE_INVALID_URL',
    'Invalid status code': 'HPE_INVALID_STATUS',
    'Invalid response status': 'HPE_INVALID_STATUS',
    'Invalid header token': 'HPE_INVALID_HEADER_TOKEN',
    'Invalid header field char': 'HPE_INVALID_HEADER_TOKEN',
    'Invalid header value char': 'HPE_INVALID_HEADER_TOKEN',
    'Unexpected whitespace after header value': 'HPE_INVALID_HEADER_TOKEN',
    'Unexpected space after start line': 'HPE_UNEXPECTED_SPACE',
    'Missing expected CR after header value': 'HPE_CR_EXPECTED',
    'Missing expected CR after response line': 'HPE_CR_EXPECTED',
    'Missing expected CR after chunk size': 'HPE_CR_EXPECTED',
    'Missing expected CR after chunk data': 'HPE_CR_EXPECTED',
    'Missing expected CR after chunk extension name': 'HPE_CR_EXPECTED',
    'Missing expected CR after chunk extension value': 'HPE_CR_EXPECTED',
    'Missing expected LF after header value': 'HPE_LF_EXPECTED',
    'Expected LF after CR': 'HPE_STRICT',
    'Expected LF after chunk data': 'HPE_STRICT',
    'Expected LF after chunk size': 'HPE_STRICT',
    'Expected LF after headers': 'HPE_STRICT',
    'Invalid character in chunk extensions': 'HPE_STRICT',
    'Invalid character in chunk extensions name': 'HPE_STRICT',
    'Invalid character in chunk extensions value': 'HPE_STRICT',
    'Invalid character in chunk extensions quote value': 'HPE_STRICT',
    'Invalid character in chunk extensions quoted value': 'HPE_STRICT',
    'Invalid quoted-pair in chunk extensions quoted value': 'HPE_STRICT',
    'Invalid character in chunk size': 'HPE_INVALID_CHUNK_SIZE',
    'Chunk size overflow': 'HPE_INVALID_CHUNK_SIZE',
    'Invalid character in Content-Length': 'HPE_INVALID_CONTENT_LENGTH',
    'Empty Content-Length': 'HPE_INVALID_CONTENT_LENGTH',
    'Content-Length overflow': 'HPE_INVALID_CONTENT_LENGTH',
    "Content-Length can't be present with Transfer-Encoding": 'HPE_INVALID_CONTENT_LENGTH',
    'Duplicate Content-Length': 'HPE_UNEXPECTED_CONTENT_LENGTH',
    'Request has invalid `Transfer-Encoding`': 'HPE_INVALID_TRANSFER_ENCODING',
    'Invalid `Transfer-Encoding` header value': 'HPE_INVALID_TRANSFER_ENCODING',
    "Transfer-Encoding can't be present with Content-Length": 'HPE_INVALID_TRANSFER_ENCODING',
    'Empty Transfer-Encoding': 'HPE_INVALID_TRANSFER_ENCODING',
    'Data after `Connection: close`': 'HPE_CLOSED_CONNECTION',
    'Pause on PRI/Upgrade': 'HPE_PAUSED_H2_UPGRADE',
    'Pause on CONNECT/Upgrade': 'HPE_PAUSED_UPGRADE',
    'Paused': 'HPE_PAUSED',
    'Paused by on_headers_complete': 'HPE_PAUSED',
    'User callback error': 'HPE_USER',
    'Invalid EOF state': 'HPE_INVALID_EOF_STATE',
    # Raised by nodehttp itself, where llhttp in Node counts and httptools
    # does not (LIBRARY-NOTES.md §6.3).
    'Header overflow': 'HPE_HEADER_OVERFLOW',
    'Chunk extensions overflow': 'HPE_CHUNK_EXTENSIONS_OVERFLOW',
}


def hpe_code(reason):
    """Node's ``HPE_*`` code for an llhttp reason string (``str(exc)`` of an
    httptools error); ``'HPE_INTERNAL'`` for one not in the table."""
    code = HPE_CODES.get(reason)
    if code is None:
        code = 'HPE_USER' if reason.startswith('Span callback error in ') else 'HPE_INTERNAL'
    return code


# What Node 20's socketOnError writes when nobody listens on 'clientError'.
_CLIENT_ERROR_STATUS = {
    'HPE_HEADER_OVERFLOW': 431,            # Request Header Fields Too Large
    'HPE_CHUNK_EXTENSIONS_OVERFLOW': 413,  # Payload Too Large
    'ERR_HTTP_REQUEST_TIMEOUT': 408,       # Request Timeout
}


def client_error_status(code):
    """The status of the canned reply Node 20's server sends for a client
    error with this ``code`` when there is no ``'clientError'`` listener:
    431, 413, 408, else 400 (always with ``Connection: close``, no body)."""
    return _CLIENT_ERROR_STATUS.get(code, 400)


class HTTPParserError(NodeError):
    """A parse error as Node gives it to ``'clientError'`` and to a client
    request's ``'error'``: ``code`` (``HPE_*``), ``reason`` (llhttp's text),
    ``bytesParsed`` and ``rawPacket`` (the bytes being parsed, or None);
    message ``'Parse Error: ' + reason``."""

    def __init__(self, reason, code, bytesParsed=0, rawPacket=None, message=None):
        super().__init__(f'Parse Error: {reason}' if message is None else message, code)
        self.reason = reason
        self.bytesParsed = bytesParsed
        self.rawPacket = rawPacket

    @property
    def error_status_hint(self):
        """The status Node would answer with (see :func:`client_error_status`),
        like h11's ``error_status_hint``."""
        return client_error_status(self.code)


def parse_error(reason, rawPacket=None, bytesParsed=None, code=None):
    """An :class:`HTTPParserError` for an llhttp reason: ``code`` from
    :func:`hpe_code` unless given.  ``bytesParsed`` is best effort
    (LIBRARY-NOTES.md §6.4): by default the length of ``rawPacket``.
    ``HPE_INVALID_EOF_STATE`` keeps Node's bare message ``'Parse Error'``:
    Node raises it from ``parser.finish()`` at EOF, which skips
    ``prepareError`` (so no reason in the message, no ``rawPacket``)."""
    if code is None:
        code = hpe_code(reason)
    if bytesParsed is None:
        bytesParsed = len(rawPacket) if rawPacket is not None else 0
    message = 'Parse Error' if code == 'HPE_INVALID_EOF_STATE' else None
    return HTTPParserError(reason, code, bytesParsed, rawPacket, message)
