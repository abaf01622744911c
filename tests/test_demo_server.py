"""``python -m nodehttp``: the README's demo server answers with what it received
and stops cleanly on Ctrl-C."""

import http.client
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time

import pytest

pytestmark = [
    pytest.mark.timeout(60),
    pytest.mark.skipif(os.name != 'posix', reason='sends SIGINT'),
]

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LISTENING = re.compile(rb'nodehttp demo server listening on http://(\S+?):(\d+)/')


def _read_line(proc, deadline):
    """Reads one line of ``proc``'s stdout, failing the test past ``deadline``."""
    line = b''
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while not line.endswith(b'\n'):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(remaining):
                pytest.fail('no line from the demo server in time; got %r' % line)
            byte = os.read(proc.stdout.fileno(), 1)
            if not byte:
                status = proc.wait(5)
                pytest.fail('demo server exited (%s) before printing its address; '
                            'stdout %r; stderr:\n%s'
                            % (status, line, proc.stderr.read().decode(errors='replace')))
            line += byte
    return line


@pytest.fixture
def demo_server():
    """Runs ``python -m nodehttp --port 0``; yields (proc, host, port)."""
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    proc = subprocess.Popen(
        [sys.executable, '-m', 'nodehttp', '--port', '0'],
        cwd=REPO, env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = _read_line(proc, time.monotonic() + 20)
        match = LISTENING.search(line)
        assert match, line
        host, port = match.group(1).decode(), int(match.group(2))
        assert host == '127.0.0.1'
        assert 0 < port < 65536
        yield proc, host, port
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()


def _stop(proc):
    """Sends SIGINT (Ctrl-C) and returns (exit status, stderr)."""
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate(timeout=10)
        pytest.fail('demo server still running 20 s after SIGINT; stderr: %s'
                    % err.decode(errors='replace'))
    return proc.returncode, err.decode(errors='replace')


def test_demo_server_describes_a_post_and_exits_0_on_sigint(demo_server):
    proc, host, port = demo_server
    body = bytes(range(256)) * 1024  # 256 KiB: more than one chunk
    conn = http.client.HTTPConnection(host, port, timeout=20)
    try:
        conn.request('POST', '/echo/path?x=1&y=%20', body=body,
                     headers={'X-Demo': 'Yes', 'Content-Type': 'application/octet-stream'})
        res = conn.getresponse()
        assert res.status == 200
        assert res.getheader('Content-Type').startswith('application/json')
        got = json.loads(res.read())

        # The same connection goes on (keep-alive), this time a chunked body.
        conn.request('PUT', '/chunked', body=iter([b'abc', b'', b'defgh']),
                     encode_chunked=True)
        res = conn.getresponse()
        assert res.status == 200
        chunked = json.loads(res.read())
    finally:
        conn.close()

    assert got['method'] == 'POST'
    assert got['url'] == '/echo/path?x=1&y=%20'
    assert got['httpVersion'] == '1.1'
    assert got['bodyBytes'] == len(body)
    assert got['headers']['x-demo'] == 'Yes'
    assert got['headers']['content-length'] == str(len(body))
    assert got['headers']['host'] == '%s:%d' % (host, port)
    raw = got['rawHeaders']
    assert isinstance(raw, list) and len(raw) % 2 == 0
    assert ['X-Demo', 'Yes'] in [raw[i:i + 2] for i in range(0, len(raw), 2)]

    assert chunked['method'] == 'PUT'
    assert chunked['url'] == '/chunked'
    assert chunked['headers']['transfer-encoding'] == 'chunked'
    assert chunked['bodyBytes'] == 8

    status, err = _stop(proc)
    assert status == 0, err
    assert 'Traceback' not in err, err


def test_demo_server_exits_0_on_sigint_while_idle(demo_server):
    proc, _, _ = demo_server
    status, err = _stop(proc)
    assert status == 0, err
    assert 'Traceback' not in err, err
