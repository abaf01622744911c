# http.METHODS and http.STATUS_CODES samples; maxHeaderSize.
import nodehttp as http
from _out import M

M('METHODS length', len(http.METHODS))
M('METHODS sorted', list(http.METHODS) == sorted(http.METHODS))
M('METHODS', http.METHODS)
M('has', [m in http.METHODS for m in ['GET', 'POST', 'PATCH', 'CONNECT', 'QUERY', 'PROPFIND', 'BREW']])
M('STATUS_CODES count', len(http.STATUS_CODES))
for code in [100, 103, 200, 204, 301, 304, 404, 418, 425, 451, 500, 511]:
    M('STATUS_CODES', code, http.STATUS_CODES[code])
M('STATUS_CODES 299', http.STATUS_CODES.get(299))
M('maxHeaderSize', http.maxHeaderSize)
