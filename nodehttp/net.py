"""net — Node's net.Socket and net.Server (lib/net.js, Node 20.20.2) over
blocking sockets, one thread per connection.

Each connection has an *owner* thread: the only thread that reads the socket
and the one that closes it.  By default it runs `Socket._read_loop` (emit
'data', 'end', 'close'); the http layer installs its own loop instead
(`Socket._set_owner_loop`).  Other threads may write and destroy:

- `write()` hands the kernel what it takes at once (MSG_DONTWAIT) and queues
  the rest; the owner flushes the queue whenever it waits (poll with POLLOUT).
  A write that leaves the queue past the high-water mark returns False and
  'drain' follows, as in Node.  Where blocking cannot deadlock -- the writer
  is another thread, or the owner says so (`_may_block`) -- such a write waits
  for the queue to drain below the mark instead: Python's back-pressure.
- `destroy()` from another thread shuts the socket down, which wakes the
  owner out of poll(); the owner closes the fd and emits 'close'.
- The owner can also be woken by `_wake()` (a pipe made on first use), when
  it waits for something another thread will do.
"""

import errno as _errno
import os
import select
import struct as _struct
import socket as _socket
import threading
import time
from _thread import get_ident as _get_ident
from collections import deque

from . import _foreign, _liveness, _tick, errors
from ._buffer import to_bytes
from .events import EventEmitter
from .stream import HIGH_WATER_MARK, Readable, _ThreadEngine

_POLLIN = select.POLLIN
_POLLOUT = select.POLLOUT
_POLLERRS = select.POLLERR | select.POLLHUP | select.POLLNVAL
_POLLRDHUP = getattr(select, 'POLLRDHUP', 0)
_MSG_DONTWAIT = getattr(_socket, 'MSG_DONTWAIT', 0)
_RECV_SIZE = 65536
_IOV_MAX = 64

# What _wait() saw: readable; the time is up; woken by another thread; the
# peer's FIN (only when not reading: the data before it is still unread);
# the connection is dead (error or hang-up both ways)
READ, TIMEOUT, WAKE, HUP, DEAD = 'read', 'timeout', 'wake', 'hup', 'dead'


def _family_name(family):
    if family == _socket.AF_INET6:
        return 'IPv6'
    if family == _socket.AF_INET:
        return 'IPv4'
    return None


def isIP(s):
    """Returns 4, 6 or 0 (Node's net.isIP)."""
    for fam, n in ((_socket.AF_INET, 4), (_socket.AF_INET6, 6)):
        try:
            _socket.inet_pton(fam, s)
            return n
        except (OSError, ValueError, TypeError):
            pass
    return 0


def isIPv4(s):
    return isIP(s) == 4


def isIPv6(s):
    return isIP(s) == 6


def all_callbacks(callbacks):
    """One write callback that calls each of callbacks, in order."""
    def run(err=None):
        for cb in callbacks:
            cb(err)
    return run


class Socket(_ThreadEngine, Readable):
    """A TCP or Unix-domain connection (Node's net.Socket)."""


    # Every attribute __init__ sets is a slot: a connection's socket is read
    # and written on each of its requests, and slots are faster than the
    # instance dict (which, past 30 keys, is a whole dict per socket) and
    # take a tenth of its memory, so that the sockets of many connections
    # stay in cache.  Anything else (a user's attribute, the rare ones below
    # once set) still goes to the instance dict.
    __slots__ = (
        '_events', '_rbuf', '_sock', '_fd', '_poll', '_waker', '_wlock', '_wq', '_wqlen',
        '_need_drain', '_owner', '_end_on_end', '_owner_ident', '_owner_ticks', '_owner_loop',
        '_may_block', '_handle', '_timeout_ms', '_rcvtimeo', '_last_active', '_ending',
        '_fin_sent', '_eof', '_rdhup', '_close_emitted', '_had_error', '_peer', '_sockname',
        'allowHalfOpen', 'bytesRead', 'bytesWritten', 'connecting', 'pending', 'server',
        '_server', 'writable', 'writableEnded', 'writableFinished', 'writableHighWaterMark',
        'timeout', '_httpMessage', 'parser', 'destroyed', 'closed',
        '_pending_writes',        # writes made while connecting (a list then)
        '_connect_gate',          # set by destroy(): a lookup waiting for its callback gives up
        '_before_close_listener')  # the http server's hook (_Connection._pin_response_close)

    _creator = None               # the foreign thread that called connect()
    _creator_end = None           # its ThreadEnd (_liveness.py)
    _error_hold = None            # wakes _hold_error when 'error' gets a listener
    _connect_hold = None          # an http request's socket: set once 'socket' was emitted
    _end_after_connect = False    # end() called while connecting

    def __init__(self, options=None, **kw):
        Readable.__init__(self)
        opts = dict(options or {}, **kw)
        self._sock = None
        self._fd = -1
        self._poll = None
        self._waker = None            # (read fd, write fd), made on first use
        self._wlock = threading.Lock()
        self._wq = deque()            # [memoryview, callback] not yet sent
        self._wqlen = 0
        self._need_drain = False
        self._owner = None            # the thread that reads and closes
        self._end_on_end = False      # end() our side once 'end' is emitted (_on_eof)
        self._owner_ident = None
        self._owner_ticks = None      # the owner's tick state, if it has one
        self._owner_loop = None       # the loop the owner runs (default: _read_loop)
        self._before_close_listener = None
        self._may_block = _never
        self._handle = _liveness.Handle()
        self._timeout_ms = 0
        self._rcvtimeo = 0.0          # SO_RCVTIMEO now set on the socket (s; 0: none)
        self._last_active = 0.0
        self._ending = False          # end() called: FIN once the queue is empty
        self._fin_sent = False
        self._eof = False             # the peer's FIN read (recv gave b'')
        self._rdhup = False           # the peer's FIN seen by poll, maybe data before it
        self._close_emitted = False
        self._had_error = False
        self._peer = None
        self._sockname = None
        self.allowHalfOpen = bool(opts.get('allowHalfOpen', False))
        self.bytesRead = 0
        self.bytesWritten = 0
        self.connecting = False
        self.pending = True
        self.server = None
        self._server = None
        self.writable = False
        self.writableEnded = False
        self.writableFinished = False
        self.writableHighWaterMark = HIGH_WATER_MARK
        self.timeout = None
        self._httpMessage = None
        self.parser = None
        # read on every request: instance attributes, not Readable's class
        # defaults (a class-default read costs ~4x)
        self.destroyed = False
        self.closed = False
        self._pending_writes = None
        self._connect_gate = None
        if opts.get('handle') is not None or opts.get('fd') is not None:
            sock = opts.get('handle')
            if sock is None:
                sock = _socket.socket(fileno=opts['fd'])
            self._attach(sock)

    def __repr__(self):
        return '<nodehttp.net.Socket fd=%d %s>' % (self._fd, self.readyState)

    # -- setup -----------------------------------------------------------

    def _attach(self, sock, peer=None):
        """Adopts a connected Python socket."""
        sock.setblocking(True)
        self._sock = sock
        self._fd = sock.fileno()
        self._peer = peer
        self._poll = select.poll()
        self.pending = False
        self.connecting = False
        self.writable = True
        self._last_active = time.monotonic()
        self._handle.activate()

    def _set_owner(self):
        """Makes the calling thread the owner (it reads and closes)."""
        self._owner = threading.current_thread()
        self._owner_ident = self._owner.ident
        self._owner_ticks = _tick.current_or_none()

    def _set_owner_loop(self, fn):
        """Replaces the owner thread's loop (used by the http layer)."""
        self._owner_loop = fn

    def _run_owner(self, first=None):
        """Body of the owner thread after setup: `first` as a tick (a
        connected socket's 'connect'), the installed loop, then close."""
        self._set_owner()
        try:
            if first is not None:
                _tick.run(first)
            loop = self._owner_loop or self._read_loop
            while loop is not None:
                self._owner_loop = None
                loop()
                loop = self._owner_loop   # a loop may hand the socket on (upgrade)
        except BaseException as exc:  # noqa: B902 -- report, never kill silently
            _report(exc)
            self._had_error = True
        finally:
            self._close_now()

    # -- reading (owner thread) ------------------------------------------

    def _ensure_waker(self):
        if self._waker is None:
            r, w = os.pipe()
            os.set_blocking(r, False)
            os.set_blocking(w, False)
            self._waker = (r, w)
            self._poll.register(r, _POLLIN)
        return self._waker

    def _wake(self):
        """Wakes the owner if it waits in `_wait` (no-op without a waker)."""
        wk = self._waker
        if wk is not None:
            try:
                os.write(wk[1], b'x')
            except OSError:
                pass

    def _wait(self, want_read=True, deadline=None):
        """Waits for readability (or a hang-up), a wake-up or the deadline,
        flushing queued writes meanwhile.  Returns READ, HUP, DEAD, WAKE or
        TIMEOUT (HUP and DEAD only when not reading).  After HUP the peer's FIN
        is not watched again, so a paused reader does not spin."""
        poll = self._poll
        fd = self._fd
        while True:
            if self.destroyed:
                return DEAD
            mask = _POLLIN if want_read else (0 if self._eof or self._rdhup else _POLLRDHUP)
            if self._wq:
                mask |= _POLLOUT
            poll.register(fd, mask)
            if deadline is None:
                ms = None
            else:
                ms = (deadline - time.monotonic()) * 1000.0
                if ms <= 0:
                    return TIMEOUT
                ms = int(ms) + 1
            try:
                events = poll.poll(ms)
            except InterruptedError:
                continue
            if not events:
                if deadline is not None and time.monotonic() >= deadline:
                    return TIMEOUT
                continue
            result = None
            for efd, ev in events:
                if efd != fd:
                    try:
                        while os.read(efd, 512):
                            pass
                    except OSError:
                        pass
                    result = result or WAKE
                    continue
                if ev & _POLLOUT:
                    self._flush()
                    if not want_read:
                        result = WAKE     # progress: let the caller look again
                if ev & _POLLIN and want_read:
                    result = READ
                elif ev & _POLLERRS:
                    result = READ if want_read else DEAD
                elif ev & _POLLRDHUP and not want_read:
                    self._rdhup = True
                    result = result or HUP
            if result is not None:
                return result

    def _recv_timed(self, deadline):
        """A blocking recv bounded by the deadline (SO_RCVTIMEO: one syscall,
        no poll).  Returns bytes, b'' at EOF, or None when the time is up.
        Only for the owner, with nothing queued to write."""
        if deadline is None:
            tmo = 0.0
        else:
            tmo = deadline - time.monotonic()
            if tmo <= 0:
                return None
        cur = self._rcvtimeo
        if tmo != cur and (not tmo or not cur or abs(tmo - cur) > 0.01 + 0.02 * tmo):
            sec = int(tmo)
            self._sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_RCVTIMEO,
                                  _struct.pack('ll', sec, int((tmo - sec) * 1e6)))
            self._rcvtimeo = tmo
        try:
            data = self._sock.recv(_RECV_SIZE)
        except (BlockingIOError, InterruptedError):
            if deadline is not None and time.monotonic() >= deadline - 0.001:
                return None
            return self._recv_timed(deadline)
        # _account, inline: this is the read of every request
        if data:
            self.bytesRead += len(data)
            if self._timeout_ms:
                self._last_active = time.monotonic()
            return data
        self._eof = True
        return data

    def _recv(self):
        """One recv on the owner thread: bytes, b'' at EOF, or raises OSError."""
        try:
            data = self._sock.recv(_RECV_SIZE)
        except (BlockingIOError, InterruptedError):
            return None
        return self._account(data)

    def _account(self, data):
        """Counts what a recv gave: bytesRead and activity, or the peer's EOF."""
        if data:
            self.bytesRead += len(data)
            if self._timeout_ms:    # (setTimeout() starts the clock afresh)
                self._last_active = time.monotonic()
        else:
            self._eof = True
        return data

    def _idle_deadline(self):
        last = self._last_active
        if self._timeout_ms and last is not None:
            return last + self._timeout_ms / 1000.0
        return None

    def _read_loop(self):
        """The default owner loop: read, emit 'data'/'end', honour back-pressure."""
        self._ensure_waker()          # other threads' resume()/pipe() must reach us
        while not self.destroyed and self._owner_loop is None:   # None: not handed on
            if self.readableFlowing and self._rbuf:
                _tick.run(_ThreadEngine._flow, self)
                continue
            if (self.readableFlowing is False or self._rlen >= self.readableHighWaterMark) \
                    and not self._eof:
                self._ensure_waker()
                if self.readableFlowing and self._rbuf:
                    self._flow()
                    continue
                r = self._wait(False, self._idle_deadline())
                if r == TIMEOUT:
                    self._on_idle_timeout()
                elif r == DEAD:
                    break
                continue
            if self._eof:
                if self._ending and self._fin_sent or self.destroyed:
                    break
                self._ensure_waker()
                r = self._wait(False, self._idle_deadline())
                if r == TIMEOUT:
                    self._on_idle_timeout()
                elif r == DEAD:
                    break
                continue
            r = self._wait(True, self._idle_deadline())
            if r == TIMEOUT:
                self._on_idle_timeout()
                continue
            if r != READ:
                continue
            try:
                data = self._recv()
            except OSError as exc:
                self.destroy(errors.from_oserror(exc, 'read'))
                break
            if data is None:
                continue
            if data:
                _tick.run(self.push, data)
            else:
                _tick.run(self._on_eof)

    def _on_eof(self):
        end_due = not self._rended and self.readableFlowing and not self._rbuf
        self.push(None)
        if not self.allowHalfOpen and not self.writableEnded:
            if end_due or not self._rbuf:
                self.end()
            else:
                # Node ends its side on 'end' (onReadableStreamEnd): with
                # data still unread (paused), that is once it has been read
                self._end_on_end = True
        elif self._fin_sent:
            # Node: 'end', then 'close' -- the 'end' push() queued goes first
            _tick.next_tick(self.destroy) if end_due else self.destroy()

    def _after_end(self):
        if self._end_on_end and not self.writableEnded:
            self._end_on_end = False
            self.end()
        if self._fin_sent or self.writableFinished:
            self.destroy()

    def _on_idle_timeout(self):
        # Node's timer fires once: it is armed again by activity (a read, a
        # write) or by setTimeout(), not by the passing of time
        self._last_active = None
        _tick.run(self.emit, 'timeout')

    def _flow(self):
        # data is emitted on the owner's thread; any other thread wakes it
        if self._owner is None or threading.current_thread() is self._owner:
            _ThreadEngine._flow(self)
        else:
            self._wake()

    def _reader_ident(self):
        return self._owner_ident    # (Readable.resume: a resume from elsewhere waits for the caller's tick)

    def _kick(self):
        if threading.current_thread() is self._owner or self._owner is None:
            _tick.next_tick(_ThreadEngine._flow, self)
        else:
            self._wake()

    def _read(self, size):
        if threading.current_thread() is not self._owner:
            self._wake()

    # -- writing ---------------------------------------------------------

    @property
    def writableLength(self):
        return self._wqlen

    @property
    def bufferSize(self):
        return self._wqlen

    @property
    def writableNeedDrain(self):
        return self._need_drain

    def write(self, data, encoding=None, callback=None):
        """Sends data; returns False when the queue passes the high-water mark."""
        if callable(encoding):
            callback, encoding = encoding, None
        if not isinstance(data, (bytes, bytearray, memoryview)):
            if data is None:
                raise errors.ERR_STREAM_NULL_VALUES()
            data = to_bytes(data, encoding)
        return self._write_bufs((data,), callback)

    def _write_bufs(self, bufs, callback=None):
        """Sends a sequence of buffers as one write (writev)."""
        if self._pending_writes is not None:
            with self._wlock:
                if self._pending_writes is not None:
                    # Node: writes while connecting wait for the connection
                    self._pending_writes.append((bufs, callback))
                    return True
        if self.writableEnded or self.destroyed or self._sock is None:
            err = (errors.ERR_STREAM_WRITE_AFTER_END() if self.writableEnded
                   else errors.ERR_STREAM_DESTROYED('write') if self.destroyed
                   else errors.ERR_SOCKET_CLOSED())
            if callback:
                _tick.next_tick(callback, err)
            if not self.destroyed:
                _tick.next_tick(self.destroy, err)
            return False
        with self._wlock:
            if self._wq:
                n = len(self._wq)
                for b in bufs:
                    if len(b):
                        self._wq.append([memoryview(b), None])
                        self._wqlen += len(b)
                if callback:
                    last = self._wq[-1]
                    if len(self._wq) == n and last[1] is not None:
                        # nothing new (an empty write): both, in order
                        last[1] = all_callbacks((last[1], callback))
                    else:
                        last[1] = callback
                    callback = None
            else:
                try:
                    if len(bufs) == 1:
                        whole = len(bufs[0])
                        sent = self._sock.send(bufs[0], _MSG_DONTWAIT)
                    else:
                        whole = -1
                        sent = self._sock.sendmsg(bufs[:_IOV_MAX], (), _MSG_DONTWAIT)
                except (BlockingIOError, InterruptedError):
                    sent = 0
                except OSError as exc:
                    err = errors.from_oserror(exc, 'write')
                    if callback:
                        _tick.next_tick(callback, err)
                    _tick.next_tick(self.destroy, err)
                    return False
                self.bytesWritten += sent
                if sent != whole:     # (else one buffer, all sent: the usual)
                    for b in bufs:
                        n = len(b)
                        if sent >= n:
                            sent -= n
                            continue
                        mv = memoryview(b)[sent:] if sent else memoryview(b)
                        sent = 0
                        self._wq.append([mv, None])
                        self._wqlen += len(mv)
                    if self._wq and callback:
                        self._wq[-1][1] = callback
                        callback = None
            pending = self._wqlen
        if not pending:
            if self._timeout_ms:
                self._last_active = time.monotonic()
            if callback:
                # outside _wlock: off nodehttp's threads it runs at once, and
                # may write to this socket again (an Agent reusing it)
                ticks = self._owner_ticks
                if ticks is not None and ticks.depth and _get_ident() == self._owner_ident:
                    ticks.queue.append((callback, (None,)))     # (next_tick, inline)
                else:
                    _tick.next_tick(callback, None)
            return True
        if _get_ident() != self._owner_ident or self._may_block():
            self._flush_blocking(self.writableHighWaterMark)
            return True
        if pending >= self.writableHighWaterMark:
            self._need_drain = True
            return False
        return True

    def _flush(self):
        """Sends what the kernel takes now from the queue (any thread)."""
        done = []
        with self._wlock:
            wq = self._wq
            while wq:
                if len(wq) > 1:
                    bufs = [e[0] for e in list(wq)[:_IOV_MAX]]
                    try:
                        sent = self._sock.sendmsg(bufs, (), _MSG_DONTWAIT)
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError as exc:
                        self._fail_queue(exc)
                        return
                else:
                    try:
                        sent = self._sock.send(wq[0][0], _MSG_DONTWAIT)
                    except (BlockingIOError, InterruptedError):
                        break
                    except OSError as exc:
                        self._fail_queue(exc)
                        return
                if not sent:
                    break
                self.bytesWritten += sent
                self._wqlen -= sent
                while sent and wq:
                    mv, cb = wq[0]
                    if len(mv) <= sent:
                        sent -= len(mv)
                        wq.popleft()
                        if cb:
                            done.append(cb)
                    else:
                        wq[0][0] = mv[sent:]
                        sent = 0
            empty = not wq
            drain = empty and self._need_drain
            if drain:
                self._need_drain = False
        self._last_active = time.monotonic()
        for cb in done:
            cb(None)
        if empty:
            if drain:
                self.emit('drain')
            if self._ending and not self._fin_sent:
                self._send_fin()

    def _fail_queue(self, exc):
        self._wq.clear()
        self._wqlen = 0
        err = errors.from_oserror(exc, 'write')
        _tick.next_tick(self.destroy, err)

    def _flush_blocking(self, below):
        """Waits (polling for POLLOUT) until the queue is below `below` bytes."""
        p = select.poll()
        while self._wqlen >= below and self._wqlen and not self.destroyed:
            p.register(self._fd, _POLLOUT)
            try:
                p.poll(None)
            except InterruptedError:
                continue
            self._flush()

    def _send_fin(self):
        self._fin_sent = True
        try:
            self._sock.shutdown(_socket.SHUT_WR)
        except OSError:
            pass
        self.writableFinished = True
        _tick.next_tick(self._on_finish)

    def _on_finish(self):
        self.emit('finish')
        if self._eof or self.destroyed:
            self.destroy()
        else:
            self._wake()

    def end(self, data=None, encoding=None, callback=None):
        """Sends optional data, then FIN once everything queued is out."""
        if callable(data):
            data, callback = None, data
        elif callable(encoding):
            encoding, callback = None, encoding
        if data is not None:
            self.write(data, encoding)
        if callback:
            self.once('finish', callback)
        if self._pending_writes is not None and not self.writableEnded:
            self._end_after_connect = True    # Node: end() while connecting
            return self
        if self.writableEnded or self._sock is None:
            return self
        self.writableEnded = True
        self._ending = True
        self.writable = False
        with self._wlock:
            pending = bool(self._wq)
        if not pending:
            self._send_fin()
        elif threading.current_thread() is not self._owner:
            self._flush_blocking(1)
        return self

    def destroySoon(self):
        self.end()

    def resetAndDestroy(self):
        if self._sock is not None:
            try:
                self._sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_LINGER,
                                      b'\x01\x00\x00\x00\x00\x00\x00\x00')
            except OSError:
                pass
        return self.destroy()

    # -- destroy / close ---------------------------------------------------

    def destroy(self, error=None):
        """Closes the connection at once; 'error' (if given), then 'close'."""
        if self.destroyed:
            return self
        self.destroyed = True
        self.readable = False
        self.writable = False
        if error is not None:
            self.errored = error
            self._had_error = True
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(_socket.SHUT_RDWR)   # wakes the owner out of poll()
            except OSError:
                pass
        elif self._connect_gate is not None:
            self._connect_gate.set()
        if self._connect_hold is not None:
            self._connect_hold.set()
        self._notify()
        server = self._server
        if server is not None:
            server._connection_gone(self)     # (Node: _connections--, in _destroy)
        owner = self._owner
        if owner is None or not owner.is_alive():
            _tick.next_tick(self._close_now)
        # (else the owner closes: its loop ends, then _run_owner's _close_now.
        # On the owner itself that is after the current tick and what it
        # deferred, as Node's 'close' comes after the nextTick queue)
        return self

    def _close_now(self):
        """Closes the fd and emits 'error'/'close' once (owner thread, or no owner)."""
        if self._close_emitted:
            return
        self._close_emitted = True
        self.destroyed = True
        with self._wlock:
            self._wq.clear()
            self._wqlen = 0
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass
        if self._waker is not None:
            for fd in self._waker:
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._waker = None
        self._notify()
        try:
            ticks = _tick.current_or_none()
            if ticks is not None and not ticks.depth:
                # Node: 'error' on a tick of its own (emitErrorNT), and
                # 'close' from the handle's close callback, after that tick
                # and all it deferred (a response destroyed with this error
                # has its 'error' and 'close' between the two)
                if self.errored is not None:
                    _run_reporting(self._emit_socket_error)
                _run_reporting(self._emit_socket_close)
            else:
                self._emit_error_close()
        finally:
            # ref'd until 'close' has run, so a script cannot exit mid-callback
            # (nor amid the report of a listener's exception: _run_reporting)
            self._handle.deactivate()

    def _emit_error_close(self):
        self._emit_socket_error()
        self._emit_socket_close()

    def _emit_socket_error(self):
        err = self.errored
        if err is not None and self.listeners('error'):
            self.emit('error', err)

    def _emit_socket_close(self):
        self.closed = True
        self.emit('close', self._had_error)

    # -- options -------------------------------------------------------

    def setTimeout(self, msecs, callback=None):
        """Emits 'timeout' after msecs of inactivity (0 turns it off)."""
        self._timeout_ms = msecs
        self.timeout = msecs if msecs else None
        self._last_active = time.monotonic()
        if callback is not None:
            if msecs:
                self.once('timeout', callback)
            else:
                self.off('timeout', callback)
        self._wake()
        return self

    def setNoDelay(self, noDelay=True):
        if self._sock is not None and self._sock.family in (_socket.AF_INET, _socket.AF_INET6):
            try:
                self._sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1 if noDelay else 0)
            except OSError:
                pass
        return self

    def setKeepAlive(self, enable=False, initialDelay=0):
        s = self._sock
        if s is not None and s.family in (_socket.AF_INET, _socket.AF_INET6):
            try:
                s.setsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE, 1 if enable else 0)
                if enable and initialDelay and hasattr(_socket, 'TCP_KEEPIDLE'):
                    s.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_KEEPIDLE,
                                 max(1, int(initialDelay // 1000)))
            except OSError:
                pass
        return self

    def ref(self):
        self._handle.ref()
        return self

    def unref(self):
        self._handle.unref()
        return self

    def address(self):
        sn = self._local()
        if sn is None:
            return {}
        if isinstance(sn, str):
            return sn
        return {'address': sn[0], 'family': _family_name(self._sock.family), 'port': sn[1]}

    def _local(self):
        if self._sockname is None and self._sock is not None:
            try:
                self._sockname = self._sock.getsockname()
            except OSError:
                return None
        return self._sockname

    def _remote(self):
        if self._peer is None and self._sock is not None:
            try:
                self._peer = self._sock.getpeername()
            except OSError:
                return None
        return self._peer

    @property
    def remoteAddress(self):
        p = self._remote()
        return p[0] if isinstance(p, tuple) else None

    @property
    def remotePort(self):
        p = self._remote()
        return p[1] if isinstance(p, tuple) else None

    @property
    def remoteFamily(self):
        p = self._remote()
        if isinstance(p, tuple):
            return 'IPv6' if len(p) == 4 else 'IPv4'
        return None

    @property
    def localAddress(self):
        p = self._local()
        return p[0] if isinstance(p, tuple) else None

    @property
    def localPort(self):
        p = self._local()
        return p[1] if isinstance(p, tuple) else None

    @property
    def localFamily(self):
        p = self._local()
        if isinstance(p, tuple):
            return 'IPv6' if len(p) == 4 else 'IPv4'
        return None

    @property
    def readyState(self):
        if self.connecting:
            return 'opening'
        if self.destroyed or self._sock is None:
            return 'closed'
        r = not self._eof
        w = not self.writableEnded
        if r and w:
            return 'open'
        if r:
            return 'readOnly'
        if w:
            return 'writeOnly'
        return 'closed'

    def fileno(self):
        return self._fd

    # -- client ----------------------------------------------------------

    def connect(self, *args):
        """connect(port[, host][, connectListener]) / connect(path[, cb]) / connect(options[, cb])."""
        opts, cb = _normalize_connect_args(args)
        if not opts.get('path'):
            _check_tcp_options(opts)          # (Node: at once, a throw from connect())
        if cb is not None:
            self.once('connect', cb)
        self._connect_gate = opts.get('_gate')   # (the http client's lookup waits on it)
        self.connecting = True
        self._pending_writes = []
        if not _tick.on_nodehttp_thread():
            self._creator = threading.current_thread()
            self._creator_end = _liveness.thread_end()   # registered on that thread
        if opts.get('timeout'):
            # Node: set when the socket is made, so a later setTimeout() wins
            self.setTimeout(opts['timeout'])
        self._handle.activate()
        t = threading.Thread(target=self._connect_thread, args=(opts,),
                             name='nodehttp-socket', daemon=True)
        if _tick.in_callback():
            _tick.next_tick(t.start)      # so 'connect' cannot beat connect()'s return
        elif self._creator is not None:
            # a foreign thread: the connection starts when it next waits or
            # ends (its "later tick", _foreign.py), so the listeners it
            # attaches after connect() returns are in time, as in Node
            ft = _foreign.tick()
            if ft is None or not ft.defer(t.start):
                t.start()
        else:
            t.start()
        return self

    def _connect_thread(self, opts):
        _tick.start_thread_queue()
        self._set_owner()
        try:
            sock = _open_connection(opts, self._on_lookup)
            hold = self._connect_hold
            if hold is not None:
                # An http request's socket: connected, but its 'connect'
                # waits for the request's 'socket' (whose listeners attach to
                # it), as in Node, where 'socket' is a tick and 'connect' is
                # I/O; so do 'lookup' and a failure to connect.  The request
                # sets it when its 'socket' is done; destroy() too.
                hold.wait()
                if self.destroyed:
                    sock.close()
                    raise ConnectionAbortedError(_errno.ECONNABORTED, 'destroyed while held')
        except Exception as exc:  # noqa: B902 -- a user's lookup may raise anything
            hold = self._connect_hold
            if hold is not None:
                hold.wait()               # (as 'connect': after the request's 'socket')
            self.connecting = False
            self._pending_writes = None
            if self.destroyed:            # (destroy() ended a lookup's or the hold's wait)
                _tick.run(self._close_now)
                return
            self.destroyed = True
            self.errored = exc
            self._had_error = True
            self._close_emitted = True
            try:
                self._hold_error()
                _tick.run(self._emit_connect_error, exc)
            except BaseException as err:  # noqa: B902 -- a listener's, reported
                _report(err)
            finally:
                self._handle.deactivate()
            return
        self.connecting = False
        self._attach(sock)
        if opts.get('noDelay'):
            self.setNoDelay(True)
        if opts.get('keepAlive'):
            self.setKeepAlive(True, opts.get('keepAliveInitialDelay', 0))
        with self._wlock:
            pending, self._pending_writes = self._pending_writes, None
        for bufs, cb in pending or ():
            self._write_bufs(bufs, cb)
        if self._end_after_connect:
            self.end()
        self._run_owner(self._emit_connected)

    def _on_lookup(self, err, address, family, host):
        """Node's 'lookup', on the connecting thread: the name resolved (or
        not), before the connection is tried.  An http request's socket
        emits it after the request's 'socket', as 'connect'."""
        hold = self._connect_hold
        if hold is not None:
            hold.wait()
        if self.destroyed:
            raise ConnectionAbortedError(_errno.ECONNABORTED, 'destroyed while looking up')
        try:
            _tick.run(self.emit, 'lookup', err, address, family, host)
        except Exception as exc:  # noqa: B902 -- as any listener's on this thread
            _report(exc)
            self.destroy()
            raise ConnectionAbortedError(_errno.ECONNABORTED, 'lookup listener failed') from None

    def _hold_error(self):
        """Connected from a foreign thread (the main script), which attaches
        'error' after net.connect() returns, as Node code does: hold the
        error until someone listens or that thread has ended (DESIGN.md,
        Event timing), instead of raising it here with no listener."""
        end = self._creator_end
        if end is None or self._events.get('error'):
            return
        ev = threading.Event()
        self._error_hold = ev.set     # (_add) before the look at the listeners
        try:
            if end.add(ev.set):
                try:
                    while not self._events.get('error') and not end.ended:
                        ev.wait()
                        ev.clear()
                finally:
                    end.remove(ev.set)
        finally:
            self._error_hold = None

    def _add(self, event, listener, prepend):
        # A 'close' listener added while a server response is in flight comes
        # after that response's own (Node registers it at assignSocket): the
        # http layer puts that one in first.
        if event == 'close' and self._before_close_listener is not None:
            self._before_close_listener()
        Readable._add(self, event, listener, prepend)
        if event == 'error':
            wake = self._error_hold
            if wake is not None:
                wake()

    def _emit_connect_error(self, exc):
        try:
            self.emit('error', exc)
        finally:                      # (a listener that raises: 'close' comes all the same)
            self.closed = True
            self.emit('close', True)

    def _emit_connected(self):
        self.emit('connect')
        self.emit('ready')


def _never():
    return False


def _report(exc):
    """Reports an exception that escaped a user callback, as a thread's would be."""
    threading.excepthook(threading.ExceptHookArgs(
        (type(exc), exc, exc.__traceback__, threading.current_thread())))


def _run_reporting(fn, *args):
    """Runs fn as a tick on this nodehttp thread; an exception that escapes
    it (a listener's) is reported here, while the caller's handle still
    keeps the process (reported after its release, the report could be
    cut short by the interpreter's exit), and what follows still runs."""
    try:
        _tick.run(fn, *args)
    except Exception as exc:  # noqa: B902 -- any listener's
        _report(exc)


def _normalize_connect_args(args):
    args = list(args)
    cb = args.pop() if args and callable(args[-1]) else None
    if not args:
        raise errors.ERR_MISSING_ARGS('options', 'port', 'path')
    first = args[0]
    if isinstance(first, dict):
        opts = dict(first)
    elif isinstance(first, str) and not first.isdigit():
        opts = {'path': first}
    else:
        opts = {'port': first}
        if len(args) > 1 and args[1] is not None:
            opts['host'] = args[1]
    return opts, cb


def _check_tcp_options(opts):
    """What Node's net.connect() checks at once for TCP: the port, and a
    localAddress that must be an IP."""
    _check_port(opts.get('port'))
    local = opts.get('localAddress')
    if local and not isIP(local):
        raise errors.ERR_INVALID_IP_ADDRESS(local)


def _check_port(port):
    """Node's validatePort for connect(): the port as an int, else
    ERR_SOCKET_BAD_PORT."""
    try:
        value = int(port)
    except (TypeError, ValueError):
        raise errors.ERR_SOCKET_BAD_PORT('Port', port) from None
    if not 0 <= value < 65536 or isinstance(port, bool) or (
            isinstance(port, float) and not port.is_integer()):
        raise errors.ERR_SOCKET_BAD_PORT('Port', port)
    return value


def _open_connection(opts, on_lookup=None):
    """Connects a Python socket as Node's net.connect would (blocking).
    A host that is not an IP address is looked up first, and the outcome
    given to on_lookup(err, address, family, host), as Node's 'lookup'."""
    if opts.get('path'):
        s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            s.connect(opts['path'])
        except OSError as exc:
            s.close()
            raise errors.from_oserror(exc, 'connect', opts['path']) from None
        return s
    host = opts.get('host') or 'localhost'
    port = _check_port(opts.get('port'))
    family = opts.get('family') or 0
    fam = {4: _socket.AF_INET, 6: _socket.AF_INET6}.get(family, _socket.AF_UNSPEC)
    # Node's dns.ADDRCONFIG/V4MAPPED/ALL are the system's getaddrinfo flags
    hints = opts.get('hints') or 0
    if isinstance(hints, int):
        hints = int(hints)        # a plain number, as Node's lookup gets (not an IntFlag)
    lookup = opts.get('lookup')
    if on_lookup is not None and isIP(host):
        on_lookup = None              # (Node looks up names only)
    try:
        if lookup is not None:
            infos = lookup(host, {'family': family, 'hints': hints})
        else:
            infos = _socket.getaddrinfo(host, port, fam, _socket.SOCK_STREAM, 0, hints)
    except Exception as exc:  # noqa: B902 -- a user's lookup may raise anything
        err = errors.from_oserror(exc, 'getaddrinfo', host) \
            if isinstance(exc, _socket.gaierror) else exc
        if on_lookup is not None:
            on_lookup(err, None, None, host)
        if err is exc:
            raise
        raise err from None
    if on_lookup is not None and infos:
        af, _st, _proto, _cn, addr = infos[0]
        on_lookup(None, addr[0], 6 if af == _socket.AF_INET6 else 4, host)
    last = None
    timeout = opts.get('timeout')
    for af, st, proto, _cn, addr in infos:
        s = _socket.socket(af, st, proto)
        try:
            if opts.get('localAddress') or opts.get('localPort'):
                s.bind((opts.get('localAddress') or '', opts.get('localPort') or 0))
            s.settimeout(timeout / 1000.0 if timeout else None)
            s.connect(addr)
            s.settimeout(None)
            return s
        except OSError as exc:
            s.close()
            last = errors.from_oserror(exc, 'connect', addr[0], addr[1])
    raise last


def connect(*args):
    """Creates a Socket and connects it (Node's net.connect)."""
    opts, cb = _normalize_connect_args(args)
    sock = Socket(opts)
    sock.connect(opts, cb) if cb else sock.connect(opts)
    return sock


createConnection = connect


def _ipv6_available():
    if not _socket.has_ipv6:
        return False
    try:
        s = _socket.socket(_socket.AF_INET6, _socket.SOCK_STREAM)
    except OSError:
        return False
    try:
        s.bind(('::1', 0))
        return True
    except OSError:
        return False
    finally:
        s.close()


_has_ipv6 = None


_WORKER_LINGER = 2.0    # s an idle connection thread waits for the next connection
_ACCEPT_BACKOFF_MS = 100  # an accept error with no way around it: the wait before the next try

# libuv's EMFILE trick: a descriptor held back so that, out of descriptors,
# the accept thread can still take a pending connection off the backlog and
# close it (its client sees the close at once) instead of finding it
# pending again at every poll -- a loop that would spin.  One per process.
_reserve_lock = threading.Lock()
_reserve_fd = None


def _open_reserve():
    try:
        return os.open(os.devnull, os.O_RDONLY | getattr(os, 'O_CLOEXEC', 0))
    except OSError:
        return None


def _hold_reserve():
    """Opens the reserve descriptor unless it is held already."""
    global _reserve_fd
    with _reserve_lock:
        if _reserve_fd is None:
            _reserve_fd = _open_reserve()


def _shed_backlog(lsock):
    """Out of descriptors (EMFILE/ENFILE): frees the reserve, accepts and
    closes what waits in lsock's backlog, takes the reserve back.  False
    when there was no reserve to free."""
    global _reserve_fd
    with _reserve_lock:
        if _reserve_fd is None:
            return False
        os.close(_reserve_fd)
        _reserve_fd = None
        try:
            while True:
                try:
                    conn, _peer = lsock.accept()
                except OSError:
                    break                 # (EAGAIN: the backlog is empty)
                conn.close()
        finally:
            _reserve_fd = _open_reserve()   # (None if taken meanwhile: no trick until freed)
        return True


class _Listener:
    """One listen(): the listening socket, the accept thread's waker pipe,
    and the lock under which the thread accepts and ends, and close() closes
    (so a socket closed under an accept never has its fd reused).
    `emits_close`: the accept thread owes the server's 'close', to emit when
    it is out of its loop (close() was called off nodehttp's threads, where
    no tick is at hand, and found no connection left)."""

    __slots__ = ('sock', 'waker', 'lock', 'closed', 'emits_close', 'pipe_name')

    def __init__(self, sock, pipe_name):
        self.sock = sock
        self.waker = os.pipe()
        self.lock = threading.Lock()
        self.closed = False
        self.emits_close = False
        self.pipe_name = pipe_name

    def close_locked(self):
        """Stops listening now (the caller holds `lock`), as Node's
        handle.close(): a connect from here on is refused and the port may
        be bound again at once (shutdown() takes the socket out of LISTEN
        even while the accept thread's poll still holds it).  Connections
        waiting in the backlog are reset, as in Node."""
        if self.closed:
            return
        self.closed = True
        sock = self.sock
        try:
            sock.shutdown(_socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()
        try:
            os.write(self.waker[1], b'x')   # (the thread closes it under the lock)
        except OSError:
            pass

    def unlink(self):
        """A Unix socket's file is removed as it closes."""
        name = self.pipe_name
        if isinstance(name, str) and not name.startswith('\0'):
            # Node (libuv) removes the socket file it bound
            try:
                os.unlink(name)
            except OSError:
                pass


class _Worker:
    """An idle connection thread's hand-off: `gate` is released with `sock`
    set (serve it) or None (end)."""

    __slots__ = ('gate', 'sock')

    def __init__(self):
        self.gate = threading.Lock()
        self.gate.acquire()
        self.sock = None


class Server(EventEmitter):
    """A listening socket whose connections each get a thread (Node's net.Server)."""

    def __init__(self, options=None, connectionListener=None, **kw):
        EventEmitter.__init__(self)
        if callable(options):
            options, connectionListener = None, options
        opts = dict(options or {}, **kw)
        self._opts = opts
        self._listener = None     # the current listen()'s _Listener
        self._handle = _liveness.Handle()
        self._connections = set()
        self._idle = []           # _Worker: connection threads waiting for the next connection
        self._conn_lock = threading.Lock()
        self._closing = False
        self._close_emitted = False
        self.listening = False
        self.maxConnections = None
        self._pipe_name = None
        self.allowHalfOpen = bool(opts.get('allowHalfOpen', False))
        self.noDelay = bool(opts.get('noDelay', False))
        self.keepAlive = bool(opts.get('keepAlive', False))
        self.keepAliveInitialDelay = opts.get('keepAliveInitialDelay', 0)
        self.pauseOnConnect = bool(opts.get('pauseOnConnect', False))
        self.highWaterMark = opts.get('highWaterMark')   # Node 20.1: every accepted socket's, both ways
        if connectionListener is not None:
            self.on('connection', connectionListener)

    # -- listen ------------------------------------------------------------

    def listen(self, *args, **kw):
        """listen([port[, host[, backlog]]][, callback]), listen(path[, ...]),
        listen(options[, callback]), listen(handle[, ...]).

        Python: binds and listens before it returns, so address() works at
        once; 'listening' and the callback still come after the call."""
        args = list(args)
        cb = args.pop() if args and callable(args[-1]) else kw.pop('callback', None)
        if self.listening:
            raise errors.ERR_SERVER_ALREADY_LISTEN()
        opts = {}
        first = args[0] if args else None
        if isinstance(first, dict):
            opts = dict(first)
        elif isinstance(first, str) and not first.isdigit():
            opts = {'path': first}
            if len(args) > 1:
                opts['backlog'] = args[1]
        elif first is not None and (hasattr(first, 'fileno') or hasattr(first, '_lsock')):
            opts = {'handle': first}
        else:
            if first is not None:
                opts['port'] = first
            if len(args) > 1 and args[1] is not None:
                if isinstance(args[1], int):
                    opts['backlog'] = args[1]
                else:
                    opts['host'] = args[1]
            if len(args) > 2 and args[2] is not None:
                opts['backlog'] = args[2]
        opts.update(kw)
        backlog = opts.get('backlog') or 511  # Node's default backlog
        self._pipe_name = None
        _hold_reserve()
        try:
            lsock = self._bind(opts, backlog)
        except OSError as exc:
            err = exc if getattr(exc, 'code', None) else errors.from_oserror(exc, 'listen')
            _tick.next_tick(self.emit, 'error', err)
            return self
        lsock.setblocking(False)      # (accept() never waits: poll() does)
        listener = _Listener(lsock, self._pipe_name)
        self._listener = listener
        self.listening = True
        self._closing = False
        self._close_emitted = False
        if cb is not None:
            self.once('listening', cb)
        self._handle.activate()
        # 'listening' comes after listen() has returned (Node: a later tick),
        # or, inside a nodehttp callback, after that callback.
        returned = threading.Event()
        thread = threading.Thread(target=self._accept_loop, args=(listener, returned),
                                  name='nodehttp-accept', daemon=True)
        try:
            thread.start()
        finally:
            # whatever happens here (even Ctrl-C), the accept thread goes on
            if _tick.in_callback():
                _tick.next_tick(returned.set)
            else:
                returned.set()
        return self

    def _bind(self, opts, backlog):
        global _has_ipv6
        if opts.get('handle') is not None or opts.get('fd') is not None:
            h = opts.get('handle')
            if h is not None and hasattr(h, '_lsock'):
                h = h._lsock
            if h is None:
                h = _socket.socket(fileno=opts['fd'])
            h.listen(backlog)
            return h
        if opts.get('path'):
            path = opts['path']
            s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
            try:
                s.bind(path)
                s.listen(backlog)
            except OSError as exc:
                s.close()
                raise errors.from_oserror(exc, 'listen', path, -1) from None
            self._pipe_name = path
            return s
        port = opts.get('port', 0)
        if port is None:
            port = 0
        try:
            port = int(port)
        except (TypeError, ValueError):
            raise errors.ERR_SOCKET_BAD_PORT('options.port', port) from None
        if not 0 <= port < 65536:
            raise errors.ERR_SOCKET_BAD_PORT('options.port', port)
        host = opts.get('host')
        if not host:
            if _has_ipv6 is None:
                _has_ipv6 = _ipv6_available()
            host = '::' if _has_ipv6 else '0.0.0.0'
        if host == 'localhost':
            host = '127.0.0.1'
        fam = _socket.AF_INET6 if ':' in host else _socket.AF_INET
        if not isIP(host):
            try:
                info = _socket.getaddrinfo(host, port, 0, _socket.SOCK_STREAM)[0]
            except _socket.gaierror as exc:
                raise errors.from_oserror(exc, 'getaddrinfo', host) from None
            fam, host = info[0], info[4][0]
        s = _socket.socket(fam, _socket.SOCK_STREAM)
        try:
            s.setsockopt(_socket.SOL_SOCKET, _socket.SO_REUSEADDR, 1)
            if fam == _socket.AF_INET6:
                s.setsockopt(_socket.IPPROTO_IPV6, _socket.IPV6_V6ONLY,
                             1 if opts.get('ipv6Only') else 0)
            s.bind((host, port))
            s.listen(backlog)
        except OSError as exc:
            s.close()
            raise errors.from_oserror(exc, 'listen', host, port) from None
        return s

    @property
    def _lsock(self):
        """The listening socket while listening (also what listen() reads
        from another server given as its handle)."""
        listener = self._listener
        return listener.sock if listener is not None else None

    def address(self):
        """{'port', 'family', 'address'} of the listening socket (a path for Unix)."""
        if self._lsock is None:
            return None
        if self._pipe_name is not None:
            return self._pipe_name
        sn = self._lsock.getsockname()
        return {'address': sn[0], 'family': _family_name(self._lsock.family), 'port': sn[1]}

    def _accept_loop(self, listener, returned):
        _tick.start_thread_queue()
        returned.wait()
        if not listener.closed:
            # (a listener that raises is reported; the server goes on listening)
            _run_reporting(self.emit, 'listening')
        lsock = listener.sock
        poll = select.poll()
        poll.register(listener.waker[0], _POLLIN)
        try:
            with listener.lock:
                if not listener.closed:   # (else closed before this thread began)
                    poll.register(lsock.fileno(), _POLLIN)
            backoff = None
            while not listener.closed:
                try:
                    if backoff is None:
                        poll.poll()
                    else:
                        # (an accept error no trick gets around: a short wait
                        # that close() ends, not a loop on the pending connection)
                        backoff.poll(_ACCEPT_BACKOFF_MS)
                        backoff = None
                except InterruptedError:
                    continue
                err = None
                with listener.lock:
                    if listener.closed:
                        break
                    try:
                        conn, peer = lsock.accept()
                    except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                        continue
                    except OSError as exc:
                        err = exc
                        if exc.errno in (_errno.EMFILE, _errno.ENFILE) and _shed_backlog(lsock):
                            continue      # (Node: those clients see their connection close)
                if err is not None:
                    backoff = select.poll()
                    backoff.register(listener.waker[0], _POLLIN)
                    if err.errno not in (_errno.EMFILE, _errno.ENFILE, _errno.ENOBUFS,
                                         _errno.ENOMEM):
                        # Node: an accept error goes to the server's 'error'
                        _tick.run(self.emit, 'error', errors.from_oserror(err, 'accept'))
                    continue
                self._on_accept(conn, peer)
        finally:
            with listener.lock:
                if not listener.closed:   # (the loop ended by an error: the server closes)
                    self.listening = False
                    listener.close_locked()
                    listener.emits_close = self._listener_gone(listener)
                for fd in listener.waker:
                    os.close(fd)
                owed = listener.emits_close
            listener.unlink()
            if owed:
                self._emit_close()

    def _on_accept(self, conn, peer):
        with self._conn_lock:
            if self.maxConnections is not None and len(self._connections) >= self.maxConnections:
                conn.close()
                return
        sock = self._make_socket(conn, peer)
        with self._conn_lock:
            self._connections.add(sock)
            w = self._idle.pop() if self._idle else None
        if w is not None:
            w.sock = sock
            w.gate.release()
            return
        t = threading.Thread(target=self._work, args=(sock,), name='nodehttp-conn', daemon=True)
        try:
            t.start()
        except RuntimeError:
            # no thread can start now (the machine's limit, or the interpreter
            # is ending): the connection is closed unserved, as one shed for
            # want of a descriptor, and the server goes on
            with self._conn_lock:
                self._connections.discard(sock)
            sock._handle.deactivate()     # (never served: no events, nothing keeps the process)
            conn.close()

    def _work(self, sock):
        """A connection thread: serves its connection, then, while the server
        listens, waits up to _WORKER_LINGER s to serve the next one accepted
        (starting a thread costs ~100 us, most of a short connection's CPU).
        It ends when that time passes or the server closes."""
        w = None
        while True:
            self._serve(sock)
            if w is None:
                w = _Worker()
            with self._conn_lock:
                if self._lsock is None or self._closing:
                    return
                self._idle.append(w)
            if not w.gate.acquire(timeout=_WORKER_LINGER):
                with self._conn_lock:
                    try:
                        self._idle.remove(w)
                        return
                    except ValueError:
                        pass          # taken meanwhile: its socket is on the way
                w.gate.acquire()
            sock, w.sock = w.sock, None
            if sock is None:
                return

    def _make_socket(self, conn, peer):
        sock = Socket(allowHalfOpen=self.allowHalfOpen)
        if conn.family in (_socket.AF_INET, _socket.AF_INET6):
            if self.noDelay:
                conn.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        sock._attach(conn, peer if isinstance(peer, tuple) and peer else None)
        if self.keepAlive:
            sock.setKeepAlive(True, self.keepAliveInitialDelay)
        sock.server = sock._server = self
        if self.highWaterMark:
            sock.readableHighWaterMark = sock.writableHighWaterMark = self.highWaterMark
        if self.pauseOnConnect:
            sock.readableFlowing = False
        return sock

    def _serve(self, sock):
        """A connection's thread: 'connection', then the socket's owner loop."""
        _tick.start_thread_queue()
        sock._set_owner()
        try:
            try:
                _tick.run(self.emit, 'connection', sock)
            except BaseException as exc:  # noqa: B902
                _report(exc)
                sock.destroy()
            sock._run_owner()
        finally:
            with self._conn_lock:
                self._connections.discard(sock)
            self._maybe_emit_close()

    def _connection_gone(self, sock):
        """A connection was destroyed: it no longer counts (getConnections(),
        maxConnections), and the last one lets a closing server emit 'close'
        on the next tick -- before the socket's own 'close', as in Node."""
        with self._conn_lock:
            if sock not in self._connections:
                return
            self._connections.discard(sock)
        _tick.next_tick(self._maybe_emit_close)

    def _maybe_emit_close(self):
        """A connection has ended: the last one of a closed server lets it
        emit 'close' (Node's _emitCloseIfDrained; not when it listens again)."""
        with self._conn_lock:
            if (not self._closing or self._close_emitted or self._connections
                    or self._lsock is not None):
                return
            self._close_emitted = True
        self.listening = False
        self._emit_close()

    def _emit_close(self):
        try:
            if _tick.on_nodehttp_thread():
                _run_reporting(self.emit, 'close')
            else:
                self.emit('close')
        finally:
            if not self.listening:
                self._handle.deactivate()   # after 'close': the callback runs before exit

    def close(self, callback=None):
        """Stops accepting; 'close' follows once every connection has ended."""
        if callback is not None:
            if not self.listening:
                _tick.next_tick(callback, errors.ERR_SERVER_NOT_RUNNING())
                return self
            self.once('close', lambda *a: callback())
        if not self.listening:
            return self
        self._closing = True
        self.listening = False
        listener = self._listener
        ticking = _tick.in_callback()
        with listener.lock:
            listener.close_locked()
            # With no connection left, 'close' is owed now: on the next tick
            # on a nodehttp thread, as in Node; off them, from the accept
            # thread once it has left its loop (it ends under this lock, so
            # it sees the debt), so still after close() has returned.
            owed = self._listener_gone(listener)
            listener.emits_close = owed and not ticking
        listener.unlink()
        if owed and ticking:
            _tick.next_tick(self._emit_close)
        return self

    def _listener_gone(self, listener):
        """A listen() has ended (close(), or its accept thread's error): the
        server has no address, and its idle connection threads end.  With no
        connection left, 'close' is owed: True, for the caller to emit
        (decided with the rest under the lock, so a last connection that
        ends meanwhile either counts here or emits it)."""
        with self._conn_lock:
            if self._listener is not listener:
                return False              # (gone already, or listening again)
            self._listener = None
            self._closing = True
            idle, self._idle = self._idle, []
            owed = not self._connections and not self._close_emitted
            if owed:
                self._close_emitted = True
        for w in idle:
            w.gate.release()              # no socket: the thread ends
        return owed

    def getConnections(self, callback):
        with self._conn_lock:
            n = len(self._connections)
        _tick.next_tick(callback, None, n)
        return self

    def ref(self):
        self._handle.ref()
        return self

    def unref(self):
        self._handle.unref()
        return self


def createServer(options=None, connectionListener=None, **kw):
    """Creates a net.Server (Node's net.createServer)."""
    return Server(options, connectionListener, **kw)
