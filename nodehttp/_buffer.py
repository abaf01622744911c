"""Buffer and string conversions — Buffer.from(string, encoding), buf.toString(encoding) and lib/string_decoder.js (Node 20.20.2), for nodehttp.

Node's ``Buffer`` is ``bytes`` here (DESIGN.md).  The encodings are Node's,
with Node's quirks rather than Python's codecs' strictness:

=============================  ==============================================
``'utf8'``, ``'utf-8'``        default; a lone surrogate becomes U+FFFD
``'latin1'``, ``'binary'``     the low byte of each UTF-16 code unit
``'ascii'``                    written as latin1; read with the high bit cleared
``'hex'``                      written up to the first pair that is not hex
``'base64'``, ``'base64url'``  either alphabet read; stops at ``=``; junk skipped
                               (hex and base64 read a character by its low byte)
``'ucs2'``, ``'utf16le'`` ...  UTF-16LE, lone surrogates kept
=============================  ==============================================

Names are case-insensitive; an unknown one raises Node's
``TypeError [ERR_UNKNOWN_ENCODING]``.
"""

import binascii as _binascii
import re as _re

from . import errors

__all__ = ['to_bytes', 'to_str', 'normalize_encoding', 'is_encoding', 'StringDecoder']

# Node's normalizeEncoding(), as a table: every spelling Buffer.isEncoding()
# accepts, lower-cased -> the canonical name.
_ENCODINGS = {
    'utf8': 'utf8', 'utf-8': 'utf8',
    'latin1': 'latin1', 'binary': 'latin1',
    'ascii': 'ascii',
    'hex': 'hex',
    'base64': 'base64', 'base64url': 'base64url',
    'ucs2': 'utf16le', 'ucs-2': 'utf16le', 'utf16le': 'utf16le', 'utf-16le': 'utf16le',
}


def normalize_encoding(encoding):
    """Node's canonical name for ``encoding`` (``'UTF-8'`` -> ``'utf8'``,
    ``'binary'`` -> ``'latin1'``, ``'ucs2'`` -> ``'utf16le'``); ``None`` and
    ``''`` mean ``'utf8'``.  Raises ``ERR_UNKNOWN_ENCODING`` for anything else."""
    if not encoding:
        return 'utf8'
    name = _ENCODINGS.get(encoding)
    if name is None:
        if isinstance(encoding, str):
            name = _ENCODINGS.get(encoding.lower())
        if name is None:
            raise errors.ERR_UNKNOWN_ENCODING(encoding)
    return name


def is_encoding(encoding):
    """``Buffer.isEncoding(encoding)``: a non-empty name Node knows."""
    return isinstance(encoding, str) and encoding.lower() in _ENCODINGS


# --- string -> bytes -------------------------------------------------------------

def _encode_utf8(s):
    try:
        return s.encode()
    except UnicodeEncodeError:
        # Lone surrogates: join the pairs (JS strings are UTF-16, so
        # '\ud83d\ude00' is one character there), replace the rest with U+FFFD.
        return s.encode('utf-16-le', 'surrogatepass').decode('utf-16-le', 'replace').encode()


def _encode_latin1(s):
    try:
        return s.encode('latin-1')
    except UnicodeEncodeError:
        # Node keeps the low byte of every UTF-16 code unit.
        return s.encode('utf-16-le', 'surrogatepass')[::2]


def _low_bytes(s):
    # Node's hex and base64 decoders look at the low byte of each UTF-16
    # code unit of the string, so 'a\u013db' reads as 'a=b'.
    return s.encode('utf-16-le', 'surrogatepass')[::2].decode('latin-1')


_hex_prefix = _re.compile('[0-9a-fA-F]*').match


def _encode_hex(s):
    if not s.isascii():
        s = _low_bytes(s)
    digits = _hex_prefix(s).group()
    return bytes.fromhex(digits[:len(digits) & ~1])


_b64_junk = _re.compile('[^A-Za-z0-9+/_-]+')
_b64_to_standard = str.maketrans('-_', '+/')


def _encode_base64(s):
    # Node's decoder reads both alphabets, skips what is not in them
    # (whitespace included) and stops at the first '='.
    if not s.isascii():
        s = _low_bytes(s)
    s = s.partition('=')[0]
    s = _b64_junk.sub('', s).translate(_b64_to_standard)
    extra = len(s) % 4
    if extra == 1:
        s = s[:-1]          # one lone sextet carries no whole byte
    elif extra:
        s += '=' * (4 - extra)
    return _binascii.a2b_base64(s)


def _encode_utf16le(s):
    return s.encode('utf-16-le', 'surrogatepass')


_ENCODERS = {
    'utf8': _encode_utf8, 'latin1': _encode_latin1, 'ascii': _encode_latin1,
    'hex': _encode_hex, 'base64': _encode_base64, 'base64url': _encode_base64,
    'utf16le': _encode_utf16le,
}


def to_bytes(chunk, encoding=None):
    """``Buffer.from(chunk, encoding)`` for a str; bytes, bytearray and
    memoryview come back as they are (no copy), other buffer objects as a
    byte memoryview.  Anything else raises Node's ``ERR_INVALID_ARG_TYPE``
    for ``chunk``."""
    cls = type(chunk)
    if cls is bytes or cls is bytearray:
        return chunk
    if cls is str:
        if encoding is None or encoding == 'utf8' or encoding == 'utf-8':
            try:
                return chunk.encode()
            except UnicodeEncodeError:
                return _encode_utf8(chunk)
        return _ENCODERS[normalize_encoding(encoding)](chunk)
    if isinstance(chunk, str):
        return to_bytes(str(chunk), encoding)
    if isinstance(chunk, (bytes, bytearray)):
        return chunk
    try:
        view = chunk if cls is memoryview else memoryview(chunk)
    except TypeError:
        raise errors.ERR_INVALID_ARG_TYPE('chunk', ['string', 'Buffer', 'Uint8Array'],
                                          chunk) from None
    if view.format == 'B' and view.ndim == 1:
        return view
    return view.cast('B') if view.c_contiguous else view.tobytes()


# --- bytes -> string --------------------------------------------------------------

_clear_high_bit = bytes(b & 0x7f for b in range(256))


def _decode_ascii(data):
    try:
        return str(data, 'ascii')
    except UnicodeDecodeError:
        return bytes(data).translate(_clear_high_bit).decode('ascii')


_b64_to_url = str.maketrans('+/', '-_')


def _decode_base64url(data):
    return _binascii.b2a_base64(data, newline=False).decode('ascii').rstrip('=').translate(_b64_to_url)


def _decode_utf16le(data):
    return str(memoryview(data)[:len(data) & ~1], 'utf-16-le', 'surrogatepass')


_DECODERS = {
    'utf8': lambda data: str(data, 'utf-8', 'replace'),
    'latin1': lambda data: str(data, 'latin-1'),
    'ascii': _decode_ascii,
    'hex': lambda data: bytes(data).hex(),
    'base64': lambda data: _binascii.b2a_base64(data, newline=False).decode('ascii'),
    'base64url': _decode_base64url,
    'utf16le': _decode_utf16le,
}


def to_str(data, encoding=None):
    """``buf.toString(encoding)``: invalid UTF-8 becomes U+FFFD, as in Node."""
    if encoding is None or encoding == 'utf8' or encoding == 'utf-8':
        return str(data, 'utf-8', 'replace')
    return _DECODERS[normalize_encoding(encoding)](data)


# --- StringDecoder ----------------------------------------------------------------

class StringDecoder:
    """Node's ``string_decoder.StringDecoder``: turns a stream of byte chunks
    into text without splitting a character between chunks.  ``write()``
    holds back the bytes of a character the chunk ends inside of (UTF-8),
    an odd byte or a trailing high surrogate (UTF-16LE), or a partial triple
    (base64) for the next call; ``end()`` flushes them.  Used by
    ``readable.setEncoding()``.

    What is held back, and when it is given up, follows Node's native decoder
    (src/string_decoder.cc) exactly, quirks included: a chunk ending in a
    byte that only looks like a UTF-8 lead byte (0xC0, 0xF5-0xF7) is held;
    a held character cut short by a non-continuation byte is emitted at once
    as U+FFFD; a high surrogate completed from a held odd byte is emitted
    unpaired.  tests/test_buffer.py compares random splits with node.
    """

    def __init__(self, encoding=None):
        self.encoding = normalize_encoding(encoding)
        self._decode = _DECODERS[self.encoding]
        self._stateful = self.encoding in ('utf8', 'utf16le', 'base64', 'base64url')
        self._held = b''       # Node: the incomplete-character buffer (kBufferedBytes)
        self._missing = 0      # Node: kMissingBytes

    def write(self, buf):
        """Returns the text of ``buf`` (a str is returned as it is)."""
        if isinstance(buf, str):
            return buf
        if not isinstance(buf, (bytes, bytearray, memoryview)):
            try:
                buf = memoryview(buf).cast('B')
            except TypeError:
                raise errors.ERR_INVALID_ARG_TYPE(
                    'buf', ['Buffer', 'TypedArray', 'DataView'], buf) from None
        if not self._stateful:
            return self._decode(buf)
        n = len(buf)
        if not self._missing and self.encoding == 'utf8' and (not n or buf[n - 1] < 0x80):
            return str(buf, 'utf-8', 'replace')          # nothing held, nothing to hold
        return self._write_held(buf, n)

    def _write_held(self, data, n):
        if not n:
            return ''
        start = 0
        prepend = ''
        if self._missing:
            need = self._missing
            if self.encoding == 'utf8':
                for i in range(min(n, need)):
                    if data[i] & 0xC0 != 0x80:
                        # Not the continuation byte the held character needs:
                        # it ends (invalid) here; this byte starts the next.
                        self._held += bytes(data[:i])
                        start, need = i, 0
                        break
            take = min(n - start, need)
            self._held += bytes(data[start:start + take])
            start += take
            self._missing = need - take
            if self._missing:
                return ''
            prepend = self._decode(self._held)
            self._held = b''
            if start == n:
                return prepend

        # What to hold back from the end of this chunk.
        held = 0
        if self.encoding == 'utf8':
            if data[n - 1] & 0x80:
                i = n - 1
                while True:
                    held += 1
                    b = data[i]
                    if b & 0xC0 == 0x80:                 # a continuation byte
                        if held >= 4 or i == start:
                            held = 0
                            break
                        i -= 1
                        continue
                    if b & 0xE0 == 0xC0:
                        size = 2
                    elif b & 0xF0 == 0xE0:
                        size = 3
                    elif b & 0xF8 == 0xF0:
                        size = 4
                    else:
                        held = 0
                        break
                    if held >= size:                     # complete (or invalid anyway)
                        held = 0
                    else:
                        self._missing = size - held
                    break
        elif self.encoding == 'utf16le':
            if (n - start) % 2:
                held, self._missing = 1, 1
            elif data[n - 1] & 0xFC == 0xD8:             # a high surrogate
                held, self._missing = 2, 2
        else:
            held = (n - start) % 3
            self._missing = 3 - held if held else 0
        if held:
            self._held = bytes(data[n - held:n])
        end = n - held
        return prepend + (self._decode(memoryview(data)[start:end]) if end > start else '')

    def end(self, buf=None):
        """Returns the text of ``buf`` (if given) and of whatever was held back:
        an incomplete UTF-8 character as U+FFFD, a lone high surrogate as is;
        an odd UTF-16 byte is dropped."""
        text = self.write(buf) if buf is not None else ''
        held, self._held, self._missing = self._held, b'', 0
        if self.encoding == 'utf16le' and len(held) % 2:
            held = held[:-1]
        return text + self._decode(held) if held else text
