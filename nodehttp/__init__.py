"""nodehttp — Node.js's http module for Python (lib/http.js, Node 20.20.2).

    import nodehttp as http

    def handler(req, res):
        res.writeHead(200, {'Content-Type': 'text/plain'})
        res.end('okay')

    http.createServer(handler).listen(8000, '127.0.0.1')

The same classes, methods, events and options as Node's http module, on a
thread-per-connection core.  See docs/ for the reference and the differences.
"""

from . import _parser, errors, net
from ._common import validateHeaderName, validateHeaderValue, validateInteger as _validateInteger
from .events import EventEmitter
from .incoming import IncomingMessage
from .outgoing import OutgoingMessage
from .server import Server, ServerResponse, createServer
from .status import METHODS, STATUS_CODES
from .agent import Agent, globalAgent
from .client import ClientRequest, get, request
from .abort import AbortController, AbortSignal

maxHeaderSize = _parser.DEFAULT_MAX_HEADER_SIZE


def setMaxIdleHTTPParsers(max):
    """Node's http.setMaxIdleHTTPParsers(max): checks `max` as Node does (an
    integer >= 1, else TypeError ERR_INVALID_ARG_TYPE / ValueError
    ERR_OUT_OF_RANGE) and has no other effect: nodehttp has no parser pool,
    each connection makes its own parser."""
    _validateInteger(max, 'max', 1)

__all__ = [
    'METHODS', 'STATUS_CODES', 'EventEmitter', 'IncomingMessage', 'OutgoingMessage', 'Server',
    'ServerResponse', 'createServer', 'errors', 'maxHeaderSize', 'net', 'validateHeaderName',
    'validateHeaderValue', 'Agent', 'ClientRequest', 'get', 'globalAgent', 'request',
    'AbortController', 'AbortSignal', 'setMaxIdleHTTPParsers',
]
