"""Header checks — the validation half of lib/_http_common.js, with validateHeaderName/validateHeaderValue of lib/_http_outgoing.js (Node 20.20.2).

On the hot path: every ``setHeader`` runs both validators, so they try the
cheapest test first and build no objects when the header is valid.
"""

import re as _re

from . import errors

__all__ = ['check_is_http_token', 'check_invalid_header_char', 'validateHeaderName',
           'validateHeaderValue', 'validateInteger']

# RFC 9110 §5.6.2: token = 1*tchar
#   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
#           "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
# Node: _http_common.js tokenRegExp.
_token = _re.compile(r"[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+").fullmatch

# RFC 9110 §5.5: field-value is VCHAR, SP, HTAB and obs-text (0x80-0xff).
# Node: _http_common.js headerCharRegex (so no CR, LF, NUL, DEL, nor any
# character above U+00FF).
_bad_header_char = _re.compile('[^\t\x20-\x7e\x80-\xff]').search
_bad_header_byte = _re.compile(b'[^\t\x20-\x7e\x80-\xff]').search

# Header names seen valid, so a repeated name costs one set lookup instead of
# a regex; bounded, since names may come from the peer.
_valid_names = set()
_VALID_NAMES_MAX = 4096


def check_is_http_token(val):
    """``checkIsHttpToken``: True if ``val`` is a non-empty HTTP token."""
    if not isinstance(val, str):
        val = errors.js_string(val)
    return _token(val) is not None


def check_invalid_header_char(val):
    """``checkInvalidHeaderChar``: True if ``val`` has a character not
    allowed in a header value.  A str, bytes, a number (always valid), or
    a list of those (checked as Node checks ``String(array)``)."""
    if isinstance(val, str):
        return not (val.isascii() and val.isprintable()) and _bad_header_char(val) is not None
    if isinstance(val, (bytes, bytearray, memoryview)):
        return _bad_header_byte(val) is not None
    if isinstance(val, (list, tuple)):
        return any(check_invalid_header_char(v) for v in val if v is not None)
    if isinstance(val, (int, float)):
        return False
    return _bad_header_char(errors.js_string(val)) is not None


def validateHeaderName(name, label=None):
    """Node's ``http.validateHeaderName(name[, label])``: raises
    ``TypeError [ERR_INVALID_HTTP_TOKEN]`` (``"<label> must be a valid HTTP
    token"``, label ``'Header name'`` by default) unless ``name`` is a
    non-empty str made of token characters."""
    if type(name) is str:
        if name in _valid_names:
            return
        if _token(name) is not None:
            if len(_valid_names) < _VALID_NAMES_MAX:
                _valid_names.add(name)
            return
    elif isinstance(name, str) and _token(name) is not None:
        return                                      # a str subclass
    raise errors.ERR_INVALID_HTTP_TOKEN(label or 'Header name', name)


def validateHeaderValue(name, value):
    """Node's ``http.validateHeaderValue(name, value)``: raises
    ``TypeError [ERR_HTTP_INVALID_HEADER_VALUE]`` for ``None`` (Node's
    ``undefined``) and ``TypeError [ERR_INVALID_CHAR]`` for a value with a
    character outside tab, printable ASCII and U+0080-U+00FF.  A value may be
    a str, a number (Node stringifies it), bytes, or a list of those."""
    if type(value) is str:
        # printable ASCII is the usual case: one C pass, no regex.
        if (value.isascii() and value.isprintable()) or _bad_header_char(value) is None:
            return
    elif value is None:
        raise errors.ERR_HTTP_INVALID_HEADER_VALUE(value, name)
    elif type(value) is int or type(value) is float:
        return                                      # String(n) is always valid
    elif not check_invalid_header_char(value):
        return
    raise errors.ERR_INVALID_CHAR('header content', name)


_MAX_SAFE_INTEGER = 2 ** 53 - 1


def validateInteger(value, name, min=-_MAX_SAFE_INTEGER, max=_MAX_SAFE_INTEGER):
    """Node's internal ``validateInteger``: a number (int or float, not bool),
    integral, within ``[min, max]``; else ``TypeError [ERR_INVALID_ARG_TYPE]``
    or ``RangeError [ERR_OUT_OF_RANGE]`` (a ``ValueError``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise errors.ERR_INVALID_ARG_TYPE(name, 'number', value)
    if isinstance(value, float) and not value.is_integer():      # 1.5, NaN, Infinity
        raise errors.ERR_OUT_OF_RANGE(name, 'an integer', value)
    if value < min or value > max:
        raise errors.ERR_OUT_OF_RANGE(name, '>= %d && <= %d' % (min, max), value)


# JS StringToNumber: blanks around; a decimal literal, 0x/0o/0b, Infinity
_JS_NUMBER = _re.compile(
    r'[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+')
_JS_BLANKS = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008' \
    '\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'


def js_to_number(value):
    """JS ToNumber of a Python value (None: 0 as null; a list as its
    join(','), as JS does to an array; other objects: NaN)."""
    if value is None or isinstance(value, bool):
        return int(bool(value))
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        value = errors.js_string(value)
    if not isinstance(value, str):
        return float('nan')
    s = value.strip(_JS_BLANKS)
    if not s:
        return 0
    if not _JS_NUMBER.fullmatch(s):
        return float('nan')
    if s[:2] in ('0x', '0X', '0o', '0O', '0b', '0B'):
        return int(s, 0)
    return float(s.replace('Infinity', 'inf'))


def to_int32(value):
    """JS `value | 0`: ToNumber, then truncated to a signed 32-bit integer
    (NaN and the infinities are 0)."""
    n = js_to_number(value)
    if isinstance(n, float):
        if n != n or n in (float('inf'), float('-inf')):
            return 0
        n = int(n)
    n &= 0xFFFFFFFF
    return n - 0x100000000 if n >= 0x80000000 else n


def js_truthy(value):
    """Whether JavaScript's `if (value)` takes value: not undefined/null,
    false, 0, NaN or '' (an empty list or dict is an object: truthy)."""
    if value is None or value is False or value == '':
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == value and value != 0
    return True
