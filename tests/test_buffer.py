"""nodehttp._buffer: Buffer.from(string, encoding), buf.toString(encoding) and
StringDecoder, with Node's quirks (checked against node)."""

import array
import json
import random
import shutil
import subprocess
import timeit

import pytest

from nodehttp import errors
from nodehttp._buffer import StringDecoder, is_encoding, normalize_encoding, to_bytes, to_str

pytestmark = pytest.mark.timeout(30)

NODE = shutil.which('node')
needs_node = pytest.mark.skipif(NODE is None, reason='node is not installed')


def run_node(script, payload):
    out = subprocess.run([NODE, '-e', script, '--', json.dumps(payload)], capture_output=True,
                         text=True, timeout=20, check=True).stdout
    return json.loads(out)


# --- encodings --------------------------------------------------------------------

@pytest.mark.parametrize('name, canonical', [
    ('utf8', 'utf8'), ('UTF-8', 'utf8'), ('binary', 'latin1'), ('Latin1', 'latin1'),
    ('ucs2', 'utf16le'), ('UCS-2', 'utf16le'), ('utf-16le', 'utf16le'), ('HEX', 'hex'),
    ('base64url', 'base64url'), ('ascii', 'ascii'), (None, 'utf8'), ('', 'utf8'),
])
def test_encoding_names_are_normalized_case_insensitively(name, canonical):
    assert normalize_encoding(name) == canonical


@pytest.mark.parametrize('name', ['utf16', 'latin-1', 'binary ', 'buffer', 'bogus'])
def test_unknown_encoding_raises_err_unknown_encoding(name):
    with pytest.raises(errors.ERR_UNKNOWN_ENCODING) as info:
        to_bytes('x', name)
    assert isinstance(info.value, TypeError)
    assert str(info.value) == f'Unknown encoding: {name}'


def test_is_encoding_is_buffer_is_encoding():
    assert is_encoding('UTF-16LE') and not is_encoding('') and not is_encoding('utf16')


# --- to_bytes --------------------------------------------------------------------------

def test_bytes_pass_through_without_a_copy():
    data = b'abc'
    assert to_bytes(data) is data


def test_bytearray_and_memoryview_pass_through_without_a_copy():
    ba = bytearray(b'abc')
    mv = memoryview(b'abc')
    assert to_bytes(ba) is ba and to_bytes(mv) is mv


def test_other_buffers_become_a_byte_view():
    view = to_bytes(array.array('H', [1, 2]))
    assert isinstance(view, memoryview) and view.format == 'B' and len(view) == 4


def test_str_defaults_to_utf8():
    assert to_bytes('h\xe9\u20ac') == 'h\xe9\u20ac'.encode()


def test_lone_surrogate_becomes_replacement_character_in_utf8():
    assert to_bytes('a\ud800b') == b'a\xef\xbf\xbdb'


def test_surrogate_pair_in_a_str_is_one_character_in_utf8():
    assert to_bytes('\ud83d\ude00') == '\U0001F600'.encode()


def test_latin1_keeps_the_low_byte_of_each_code_unit():
    assert to_bytes('a\u20ac\xff', 'latin1') == b'a\xac\xff'


def test_ascii_is_written_as_latin1():
    assert to_bytes('\xe9', 'ascii') == b'\xe9'


def test_hex_stops_at_the_first_invalid_pair():
    assert to_bytes('abzz12', 'hex') == b'\xab'
    assert to_bytes('abc', 'hex') == b'\xab'


def test_base64_reads_both_alphabets_and_skips_junk():
    assert to_bytes('-_-_', 'base64') == to_bytes('+/+/', 'base64url') == b'\xfb\xff\xbf'
    assert to_bytes('Y W\nJ*j', 'base64') == b'abc'


def test_base64_stops_at_padding():
    assert to_bytes('YQ==YQ==', 'base64') == b'a'


def test_hex_and_base64_read_a_character_by_its_low_byte():
    assert to_bytes('\u0161\u0162', 'hex') == b'\xab'
    assert to_bytes('YW\u013dJj', 'base64') == b'a'        # U+013D reads as '='


def test_utf16le_keeps_lone_surrogates():
    assert to_bytes('a\ud800', 'ucs2') == b'a\x00\x00\xd8'


@pytest.mark.parametrize('chunk', [5, None, ['a'], {'a': 1}])
def test_non_buffer_non_string_raises_err_invalid_arg_type(chunk):
    with pytest.raises(errors.ERR_INVALID_ARG_TYPE, match=r'^The "chunk" argument must be of type '
                                                           r'string or an instance of Buffer'):
        to_bytes(chunk)


# --- to_str --------------------------------------------------------------------------------

def test_invalid_utf8_becomes_replacement_characters():
    assert to_str(b'a\xffb') == 'a\ufffdb'


def test_ascii_read_clears_the_high_bit():
    assert to_str(b'a\xe9', 'ascii') == 'ai'


@pytest.mark.parametrize('encoding, text', [
    ('latin1', '\xfb\xff\xbf'), ('hex', 'fbffbf'), ('base64', '+/+/'), ('base64url', '-_-_'),
])
def test_to_str_encodings(encoding, text):
    assert to_str(b'\xfb\xff\xbf', encoding) == text


def test_utf16le_read_drops_an_odd_last_byte():
    assert to_str(b'a\x00b', 'utf16le') == 'a'


def test_to_str_accepts_memoryview_and_bytearray():
    assert to_str(memoryview(b'abc')) == to_str(bytearray(b'abc')) == 'abc'


# --- StringDecoder -------------------------------------------------------------------------

def test_decoder_keeps_a_split_utf8_character_for_the_next_write():
    d = StringDecoder('utf8')
    euro = '\u20ac'.encode()
    assert [d.write(euro[:1]), d.write(euro[1:2]), d.write(euro[2:] + b'!')] == ['', '', '\u20ac!']


def test_decoder_end_flushes_an_incomplete_utf8_character_as_one_replacement():
    d = StringDecoder()
    d.write(b'\xe2\x82')
    assert d.end() == '\ufffd'


def test_decoder_end_takes_a_last_buffer():
    d = StringDecoder('utf8')
    d.write(b'\xe2')
    assert d.end(b'\x82\xac') == '\u20ac'


def test_decoder_keeps_a_trailing_high_surrogate_in_utf16le():
    d = StringDecoder('utf16le')
    data = '\U0001F600'.encode('utf-16-le')
    assert [d.write(data[:2]), d.write(data[2:])] == ['', '\U0001F600']


def test_decoder_gives_up_a_high_surrogate_followed_by_an_odd_byte():
    # Node's native decoder holds only the odd byte, so the pair is split.
    d = StringDecoder('utf16le')
    data = '\U0001F600'.encode('utf-16-le')
    assert [d.write(data[:3]), d.write(data[3:])] == ['\ud83d', '\ude00']


def test_decoder_end_drops_an_odd_utf16le_byte():
    d = StringDecoder('utf16le')
    assert [d.write(b'a\x00b'), d.end()] == ['a', '']


def test_decoder_base64_emits_whole_triples_and_pads_at_end():
    d = StringDecoder('base64')
    assert [d.write(b'ab'), d.write(b'cd'), d.end()] == ['', 'YWJj', 'ZA==']


def test_decoder_returns_a_string_written_to_it():
    assert StringDecoder('hex').write('already text') == 'already text'


def test_decoder_encoding_is_the_canonical_name():
    assert StringDecoder('UCS-2').encoding == 'utf16le'
    assert StringDecoder().encoding == 'utf8'


def test_decoder_rejects_an_unknown_encoding():
    with pytest.raises(errors.ERR_UNKNOWN_ENCODING):
        StringDecoder('bogus')


# --- conformance with node ---------------------------------------------------------------------

ENCODINGS = ['utf8', 'latin1', 'ascii', 'hex', 'base64', 'base64url', 'ucs2', 'UTF-16LE', 'binary']
STRINGS = ['abc', 'h\xe9\u20ac\U0001F600', 'a\ud800b', '\ud83d\ude00', 'abzz12', 'a bcd', 'AbCd', '0x12',
           'YWJj', '-_-_', '+/+/', 'YQ', 'YQ==YQ==', 'Y W\nJj', 'YW*Jj', 'Y', 'YWJjZ', 'YW=Jj', '',
           '\udc00\ud800', 'ff\xe9', 'a\u013db', '\u0161\u0162', '\ud972\uda5f', 'YW\u013dJj']


@needs_node
def test_string_to_bytes_matches_buffer_from():
    script = r'''
const cases = JSON.parse(process.argv[1]);
console.log(JSON.stringify(cases.map(([s, e]) => Buffer.from(s, e).toString('hex'))));'''
    cases = [[s, e] for s in STRINGS for e in ENCODINGS]
    node = run_node(script, cases)
    ours = [bytes(to_bytes(s, e)).hex() for s, e in cases]
    assert [(c, a, b) for c, a, b in zip(cases, ours, node) if a != b] == []


def _sample_bytes(rng):
    """Mostly valid UTF-8 of 1-4 byte characters, with invalid bytes mixed in."""
    out = bytearray()
    for _ in range(rng.randrange(0, 24)):
        kind = rng.random()
        if kind < 0.7:
            cp = rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0x80, 0x800),
                             rng.randrange(0x800, 0xd800), rng.randrange(0x10000, 0x110000)])
            out += chr(cp).encode()
        else:
            out.append(rng.randrange(256))
    return bytes(out)


BYTE_SAMPLES = [_sample_bytes(random.Random(i)) for i in range(150)] + [
    bytes([0x61, 0xff, 0xe2, 0x82, 0x80, 0xe2, 0x82, 0xc3, 0x80, 0xed, 0xa0, 0x80, 0xf0, 0x9f,
           0x98, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xc0, 0xaf, 0xe0, 0x80, 0xbf, 0x80]),
    b'\x3d\xd8\x41', b'\x3d\xd8', b'\x00\xdc\x3d\xd8\x00\xde', b'',
]
DECODINGS = ['utf8', 'latin1', 'ascii', 'hex', 'base64', 'base64url', 'utf16le']


@needs_node
def test_bytes_to_string_matches_buffer_to_string():
    script = r'''
const [samples, encodings] = JSON.parse(process.argv[1]);
console.log(JSON.stringify(samples.map((h) => encodings.map((e) => Buffer.from(h, 'hex').toString(e)))));'''
    node = run_node(script, [[b.hex() for b in BYTE_SAMPLES], DECODINGS])
    ours = [[to_str(b, e) for e in DECODINGS] for b in BYTE_SAMPLES]
    assert [(b.hex(), a, n) for b, a, n in zip(BYTE_SAMPLES, ours, node) if a != n] == []


@needs_node
def test_string_decoder_matches_node_across_random_splits():
    rng = random.Random(7)
    cases = []
    for data in BYTE_SAMPLES:
        cuts = sorted(rng.sample(range(len(data) + 1), min(len(data) + 1, rng.randrange(1, 6))))
        pieces = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]
        for enc in DECODINGS:
            cases.append([enc, [p.hex() for p in pieces]])
    script = r'''
const { StringDecoder } = require('string_decoder');
const cases = JSON.parse(process.argv[1]);
console.log(JSON.stringify(cases.map(([enc, pieces]) => {
  const d = new StringDecoder(enc);
  return pieces.map((p) => d.write(Buffer.from(p, 'hex'))).concat([d.end()]);
})));'''
    node = run_node(script, cases)
    ours = []
    for enc, pieces in cases:
        d = StringDecoder(enc)
        ours.append([d.write(bytes.fromhex(p)) for p in pieces] + [d.end()])
    assert [(c, a, n) for c, a, n in zip(cases, ours, node) if a != n] == []


# --- cost ---------------------------------------------------------------------------------------

def test_bytes_and_utf8_fast_paths_are_cheap():
    """Measured about 0.05 µs for to_bytes(bytes) and 0.1 µs for a 110-char
    str; the bound here is loose (CI noise)."""
    n = 20_000
    text, data = 'hello world' * 10, b'hello world' * 10
    per_call = min(timeit.repeat(lambda: (to_bytes(data), to_bytes(text), to_str(data)),
                                 number=n, repeat=3)) / n
    assert per_call < 3e-6
