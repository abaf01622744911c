"""``python -m nodehttp`` — a demo server that describes every request it gets.

    python -m nodehttp [--port N] [--host H]

Answers every request with a JSON object: ``method``, ``url``,
``httpVersion``, ``headers``, ``rawHeaders`` and ``bodyBytes`` (the body's
size, counted by iterating ``for chunk in req``, so a body of any size is
streamed, never held). Prints ``nodehttp demo server listening on
http://HOST:PORT/`` once listening (``--port 0`` picks a free port);
Ctrl-C (SIGINT) closes the server and exits with status 0.
"""

import argparse
import json
import os
import signal
import sys
import threading

import nodehttp as http

CLOSE_TIMEOUT = 5.0  # s to wait for server.close() before exiting anyway


def describe_request(req):
    """Returns the JSON-able description of ``req``, reading its body to the end."""
    body_bytes = 0
    for chunk in req:
        body_bytes += len(chunk)
    return {
        'method': req.method,
        'url': req.url,
        'httpVersion': req.httpVersion,
        'headers': req.headers,
        'rawHeaders': req.rawHeaders,
        'bodyBytes': body_bytes,
    }


def handler(req, res):
    body = json.dumps(describe_request(req), indent=2).encode('utf-8') + b'\n'
    res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': str(len(body)),
    })
    res.end(body)


def _url(address):
    host = address['address']
    if address.get('family') in ('IPv6', 6) or ':' in host:
        host = '[%s]' % host
    return 'http://%s:%d/' % (host, address['port'])


def _port(text):
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError('port must be in 0..65535, got %d' % port)
    return port


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m nodehttp',
        description='nodehttp demo server: answers every request with a JSON '
                    'description of what it received.')
    parser.add_argument('--host', default='127.0.0.1',
                        help='address to listen on (default: %(default)s)')
    parser.add_argument('--port', type=_port, default=8000,
                        help='port to listen on, 0 for any free port (default: %(default)s)')
    args = parser.parse_args(argv)
    # Ctrl-C stops the demo even where SIGINT came in ignored (a shell's
    # background job, some CI runners): Python then leaves it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    failed = []  # the server's 'error', set on a nodehttp thread
    stop = threading.Event()
    closed = threading.Event()

    def server_on_error(err):
        failed.append(err)
        stop.set()

    def server_on_listening():
        print('nodehttp demo server listening on %s' % _url(server.address()),
              flush=True)

    server = http.createServer(handler)
    server.on('error', server_on_error)
    try:
        # Ctrl-C may come as soon as the address is printed, even before
        # listen() has returned here: one handler covers both.
        try:
            server.listen(args.port, args.host, server_on_listening)
        except OSError as err:  # listen() binds before it returns, so it may raise here
            failed.append(err)
        # Wait with a timeout: a bare wait() is not interruptible by Ctrl-C
        # on every platform.
        while not failed and not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass

    if failed:
        print('nodehttp demo server: %s' % (failed[0],), file=sys.stderr, flush=True)
        code = 1
    else:
        print('nodehttp demo server closing', flush=True)
        code = 0
    try:
        server.close(lambda *args: closed.set())
        # Node >= 18.2: also drop the keep-alive connections still open.
        close_all = getattr(server, 'closeAllConnections', None)
        if close_all is not None:
            close_all()
    except Exception as err:  # not listening (listen failed): nothing to close
        if not failed:
            print('nodehttp demo server: close: %s' % (err,), file=sys.stderr, flush=True)
        closed.set()
    try:
        if not closed.wait(CLOSE_TIMEOUT):
            print('nodehttp demo server: connections still open after %g s, exiting'
                  % CLOSE_TIMEOUT, file=sys.stderr, flush=True)
            os._exit(code)  # a ref'd handle would otherwise keep the process alive
    except KeyboardInterrupt:  # a second Ctrl-C: leave now
        os._exit(code)
    return code


if __name__ == '__main__':
    sys.exit(main())
