# http.validateHeaderName / validateHeaderValue: error codes, names and messages.
import nodehttp as http
from _out import M


def attempt(label, fn):
    try:
        fn()
        M(label, 'ok')
    except Exception as err:
        M(label, err.name, err.code, isinstance(err, TypeError), err.message)


attempt('name ok', lambda: http.validateHeaderName('X-Fine'))
attempt('name space', lambda: http.validateHeaderName('bad name'))
attempt('name empty', lambda: http.validateHeaderName(''))
attempt('name colon', lambda: http.validateHeaderName('a:b'))
attempt('value ok', lambda: http.validateHeaderValue('x-a', 'fine value'))
attempt('value undefined', lambda: http.validateHeaderValue('x-a', None))
attempt('value newline', lambda: http.validateHeaderValue('x-a', 'a\nb'))
attempt('value CR', lambda: http.validateHeaderValue('x-b', 'a\rb'))
attempt('value NUL', lambda: http.validateHeaderValue('x-c', 'a\u0000b'))
