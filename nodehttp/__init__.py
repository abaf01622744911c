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
from ._common import validateHeaderName, validateHeaderValue
from .events import EventEmitter
from .incoming import IncomingMessage
from .outgoing import OutgoingMessage
from .server import Server, ServerResponse, createServer
from .status import METHODS, STATUS_CODES
from .agent import Agent, globalAgent
from .client import ClientRequest, get, request

maxHeaderSize = _parser.DEFAULT_MAX_HEADER_SIZE

__all__ = [
    'METHODS', 'STATUS_CODES', 'EventEmitter', 'IncomingMessage', 'OutgoingMessage', 'Server',
    'ServerResponse', 'createServer', 'errors', 'maxHeaderSize', 'net', 'validateHeaderName',
    'validateHeaderValue', 'Agent', 'ClientRequest', 'get', 'globalAgent', 'request',
]
