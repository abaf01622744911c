"""Readable and Writable -- Node's lib/stream (Node 20.20.2) for threads.

Two Readable engines:

- `Readable` itself runs Node's (lib/internal/streams/readable.js, in our
  words): the same buffer, `_read` calls, 'readable' and 'data' timing,
  push()/unshift() answers, setEncoding of what is buffered.  A stream of
  the user's gets it, and so do Duplex and PassThrough.
- `_ThreadEngine`, a mixin listed first by a socket and a message, is for
  data a thread of theirs pushes in: flowing is driven from that thread
  (`_kick` wakes it), a resume from another thread waits for that thread's
  tick, and 'data' is emitted as the producer pushes.

Common to both: `read()` never blocks; `for chunk in stream` blocks until
the next chunk (on a message's own connection thread it drives the socket
itself, `_pull()`).  Back-pressure is Node's: the producer stops once
`push()` returns False and `_read()` asks it for more.  What Node does on a
later tick goes on the calling nodehttp thread's tick queue
(`_tick.next_tick`), or on another thread waits until it next waits or ends
(`_foreign.py`), as `_later()` decides.

`Writable` is Node's too: one `_write` at a time, the rest queued (or one
`_writev`), callbacks of writes done at once on a later tick, 'drain'
before them, 'finish' after `_final`.  scripts/fuzz_stream.py compares both
classes with Node on random programs.
"""
import threading
from _thread import get_ident as _get_ident
from collections import deque

from . import _foreign, _tick, errors
from ._buffer import StringDecoder, normalize_encoding, to_bytes
from .events import EventEmitter


def _later(fn, *args):
    """Node's process.nextTick for a stream's own events ('readable',
    'end', flowing), from any thread: after the running callback on
    nodehttp's threads, when the calling thread next waits on any other
    (_foreign.py: so `r.on('data', f)` then `r.on('end', g)` on the main
    thread is in time, as in Node), at once where neither can be."""
    if _tick.on_nodehttp_thread():
        _tick.next_tick(fn, *args)
        return
    ft = _foreign.tick()
    if ft is None or not ft.defer(fn, args):
        fn(*args)

HIGH_WATER_MARK = 16384  # bytes; Node 20's default for byte streams
# An empty read buffer that is not made yet: a subclass that makes many short-lived
# streams (IncomingMessage) starts with this, and the first chunk makes the deque.
NO_CHUNKS = ()
_MAX_HWM = 0x40000000


def _text(chunk):
    """A chunk as JavaScript's `'' + chunk` gives it (a Buffer unshifted
    into a stream with an encoding: UTF-8)."""
    return chunk if isinstance(chunk, str) else chunk.decode('utf-8', 'replace')


def _new_high_water_mark(n):
    """Node's computeNewHighWaterMark: a read(n) past the mark raises it
    to the next power of two."""
    if n > _MAX_HWM:
        raise errors.ERR_OUT_OF_RANGE('size', '<= 1GiB', n)
    return 1 << (int(n) - 1).bit_length()

_cond_lock = threading.Lock()


class Readable(EventEmitter):
    """A stream you read from (Node's stream.Readable)."""

    # Defaults live on the class: a message sets only what differs (a
    # request is made per request, so __init__ is on the hot path).
    readableHighWaterMark = HIGH_WATER_MARK
    readableObjectMode = False
    readableFlowing = None        # None: no consumer yet; True/False: flowing/paused
    _rlen = 0
    _rended = False               # push(None) seen (Node: state.ended)
    readableEnded = False         # 'end' emitted (Node: state.endEmitted)
    _readable_listening = False
    _rsync = True                 # Node's state.sync (see the engine below)
    _readable_due = False         # a 'readable' is on its way (Node: emittedReadable)
    _decoder = None
    readableEncoding = None
    destroyed = False
    closed = False
    errored = None
    readableAborted = False
    _rcond = None                 # a Condition, made when a thread blocks on us
    _pipes = ()
    _autoDestroy = True
    _emitClose = True
    readable = True

    def __init__(self, options=None, **kw):
        EventEmitter.__init__(self)
        self._rbuf = deque()
        if options or kw:
            self._init_readable(options, kw)

    def _init_readable(self, options, kw):
        if not hasattr(self, '_rbuf'):
            self._rbuf = deque()
        opts = dict(options or {}, **kw)
        hwm = opts.get('highWaterMark')
        if hwm is not None:
            self.readableHighWaterMark = hwm
        if opts.get('objectMode'):
            self.readableObjectMode = True
        if 'autoDestroy' in opts:
            self._autoDestroy = opts['autoDestroy']
        if 'emitClose' in opts:
            self._emitClose = opts['emitClose']
        if opts.get('encoding'):
            self.setEncoding(opts['encoding'])
        if opts.get('read'):
            self._read = opts['read'].__get__(self)
        if opts.get('destroy'):
            self._destroy = opts['destroy'].__get__(self)

    # -- producer side -------------------------------------------------

    def _read(self, size):
        """Asks the source for more data. Subclasses override (Node's _read)."""

    def _notify(self):
        c = self._rcond
        if c is not None:
            with c:
                c.notify_all()

    def _wait_for_change(self, timeout=None):
        with _cond_lock:
            if self._rcond is None:
                self._rcond = threading.Condition(threading.Lock())
        c = self._rcond
        with c:
            if not (self._rbuf or self._rended or self.destroyed):
                c.wait(timeout)

    def _after_end(self):
        """Runs after 'end' (Node's autoDestroy for a plain Readable)."""
        if self._autoDestroy and getattr(self, 'writableFinished', True):
            self.destroy()

    # -- consumer side -------------------------------------------------

    @property
    def readableLength(self):
        return self._rlen

    def isPaused(self):
        return self._paused or self.readableFlowing is False

    # -- Node's engine (lib/internal/streams/readable.js), for user streams --
    #
    # The state of Node's ReadableState that the attributes above do not
    # hold.  `_rsync` is its `sync`: true until the first read, and while
    # _read runs.
    _reading = False              # _read was asked, nothing pushed since
    _need_readable = False        # a 'readable' is due at the next chunk
    _resume_scheduled = False
    _reading_more = False
    _data_listening = False
    _paused = False               # pause() was called last (Node's kPaused)
    _has_paused = False

    def push(self, chunk, encoding=None):
        """Adds a chunk (None: the end); False once the buffer is at the
        high-water mark (or ended)."""
        return self._add_chunk(chunk, encoding, False)

    def unshift(self, chunk, encoding=None):
        """Puts a chunk back at the front of the buffer."""
        return self._add_chunk(chunk, encoding, True)

    def _add_chunk(self, chunk, encoding, front):
        if chunk is None:
            self._reading = False
            self._on_eof_chunk()
            return False
        if not self.readableObjectMode:
            if isinstance(chunk, str):
                encoding = normalize_encoding(encoding or 'utf8')
                if self.readableEncoding != encoding:
                    chunk = to_bytes(chunk, encoding)
                    if front and self._decoder is not None:
                        # (Node: the whole string in the stream's encoding)
                        dec = StringDecoder(self.readableEncoding)
                        chunk = dec.write(chunk) + dec.end()
                    encoding = ''
            elif isinstance(chunk, (bytes, bytearray, memoryview)):
                chunk = bytes(chunk)
                encoding = ''
            else:
                self.destroy(errors.ERR_INVALID_ARG_TYPE(
                    'chunk', ['string', 'Buffer', 'TypedArray', 'DataView'], chunk))
                return False
            if not chunk:
                if not front:
                    self._reading = False
                    self._maybe_read_more()
                return self._can_push_more()
        if front:
            if self.readableEnded:
                self.destroy(errors.ERR_STREAM_UNSHIFT_AFTER_END_EVENT())
            elif self.destroyed or self.errored is not None:
                return False
            else:
                self._add_to_buffer(chunk, True)
            return self._can_push_more()
        if self._rended:
            self.destroy(errors.ERR_STREAM_PUSH_AFTER_EOF())
            return False
        if self.destroyed or self.errored is not None:
            return False
        self._reading = False
        if self._decoder is not None and not encoding:
            chunk = self._decoder.write(chunk)
            if not chunk and not self.readableObjectMode:
                self._maybe_read_more()
                return self._can_push_more()
        self._add_to_buffer(chunk, False)
        return self._can_push_more()

    def _can_push_more(self):
        return not self._rended and (self._rlen < self.readableHighWaterMark or self._rlen == 0)

    def _add_to_buffer(self, chunk, front):
        # Node's addChunk: straight to 'data' when flowing with nothing
        # buffered and read from already; else buffered
        if self.readableFlowing and not self._rlen and not self._rsync and self._data_listening:
            self.emit('data', chunk)
        else:
            rbuf = self._rbuf
            if rbuf is NO_CHUNKS:
                rbuf = self._rbuf = deque()
            self._rlen += 1 if self.readableObjectMode else len(chunk)
            if front:
                rbuf.appendleft(chunk)
            else:
                rbuf.append(chunk)
            if self._need_readable:
                self._emit_readable()
            self._notify()
        self._maybe_read_more()

    def _on_eof_chunk(self):
        if self._rended:
            return
        if self._decoder is not None:
            rest = self._decoder.end()
            if rest:
                if self._rbuf is NO_CHUNKS:
                    self._rbuf = deque()
                self._rbuf.append(rest)
                self._rlen += 1 if self.readableObjectMode else len(rest)
        self._rended = True
        self._notify()
        if self._rsync:
            self._emit_readable()
        else:
            # (Node emits this 'readable' at once: some rely on it)
            self._need_readable = False
            self._readable_due = True
            self._emit_readable_now()

    def _emit_readable(self):
        self._need_readable = False
        if not self._readable_due:
            self._readable_due = True
            _later(self._emit_readable_now)

    def _emit_readable_now(self):
        if not self.destroyed and self.errored is None and (self._rlen or self._rended):
            self.emit('readable')
            self._readable_due = False
        if not self.readableFlowing and not self._rended and \
                self._rlen <= self.readableHighWaterMark:
            self._need_readable = True    # (Node only sets it here)
        self._flow()

    def _maybe_read_more(self):
        if not self._reading_more:
            self._reading_more = True
            _later(self._read_more)

    def _read_more(self):
        hwm = self.readableHighWaterMark
        while not self._reading and not self._rended and (
                self._rlen < hwm or (self.readableFlowing and not self._rlen)):
            n = self._rlen
            self.read(0)
            if n == self._rlen:
                break
        self._reading_more = False

    def _how_much(self, n):
        """Node's howMuchToRead (n None: as much as there is)."""
        if (n is not None and n <= 0) or (not self._rlen and self._rended):
            return 0
        if self.readableObjectMode:
            return 1
        if n is None:
            if self.readableFlowing and self._rlen:
                return len(self._rbuf[0])
            return self._rlen
        if n <= self._rlen:
            return n
        return self._rlen if self._rended else 0

    def read(self, size=None):
        """Returns `size` bytes (or all there are), or None when there are
        fewer: then _read is asked for more, and 'readable' follows them.
        Never blocks.  At the end, the call that finds nothing left (having
        asked for more than was left) makes 'end' come, as in Node."""
        hwm = self.readableHighWaterMark
        if size is not None and size > hwm:
            self.readableHighWaterMark = hwm = _new_high_water_mark(size)
        if size != 0:
            self._readable_due = False
        if size == 0 and self._need_readable and (
                (self._rlen >= hwm if hwm else self._rlen > 0) or self._rended):
            if not self._rlen and self._rended:
                self._end_soon()
            else:
                self._emit_readable()
            return None
        n = self._how_much(size)
        if n == 0 and self._rended:
            if not self._rlen:
                self._end_soon()
            return None
        do_read = self._need_readable or not self._rlen or self._rlen - n < hwm
        if self._reading or self._rended or self.destroyed or self.errored is not None:
            do_read = False
        elif do_read:
            self._reading = True
            self._rsync = True
            if not self._rlen:
                self._need_readable = True
            try:
                self._read(hwm)
            except Exception as exc:  # noqa: B902 -- Node: errorOrDestroy
                self.destroy(exc)
            self._rsync = False
            if not self._reading:
                n = self._how_much(size)
        ret = self._from_list(n) if n > 0 else None
        if ret is None:
            if self._rlen <= hwm:
                self._need_readable = True
            n = 0
        else:
            self._rlen -= n
        if not self._rlen:
            if not self._rended:
                self._need_readable = True
            if (size is None or size != n) and self._rended:
                self._end_soon()
        if ret is not None and not self.closed:
            self.emit('data', ret)
        return ret

    def _from_list(self, n):
        """Node's fromList: n of the buffered bytes (chunks in object mode);
        with an encoding, all of it, or pieces joined, is a str."""
        buf = self._rbuf
        if not self._rlen or not buf:
            return None
        if self.readableObjectMode:
            return buf.popleft()
        text = self._decoder is not None
        if n >= self._rlen:
            if text:
                ret = ''.join(_text(c) for c in buf)
            elif len(buf) == 1:
                ret = buf[0]
            else:
                ret = b''.join(buf)
            buf.clear()
            return ret
        first = buf[0]
        if n < len(first):
            buf[0] = first[n:]
            return first[:n]
        if n == len(first):
            return buf.popleft()
        parts = []
        while n:
            c = buf[0]
            if text:
                c = _text(c)
            if len(c) <= n:
                parts.append(c)
                buf.popleft()
                n -= len(c)
            else:
                parts.append(c[:n])
                buf[0] = c[n:]
                n = 0
        return ('' if text else b'').join(parts)

    def _end_soon(self):
        # Node's endReadable
        if not self.readableEnded:
            self._rended = True
            _later(self._end_now)

    def _end_now(self):
        # Node's endReadableNT
        if self.errored is None and not self.closed and not self.readableEnded and not self._rlen:
            self.readableEnded = True
            self.readable = False
            self.emit('end')
            self._after_end()

    def setEncoding(self, encoding):
        """Chunks come as str, decoded with `encoding` (what is buffered too)."""
        dec = StringDecoder(encoding)
        self._decoder = dec
        self.readableEncoding = dec.encoding
        content = ''.join(x if isinstance(x, str) else dec.write(x) for x in self._rbuf)
        if self._rbuf:
            self._rbuf.clear()
        if content:
            if self._rbuf is NO_CHUNKS:
                self._rbuf = deque()
            self._rbuf.append(content)
        self._rlen = len(content)
        return self

    def resume(self):
        """Switches to flowing mode: buffered and future data is emitted as
        'data', from the next tick on."""
        if not self.readableFlowing:
            self.readableFlowing = not self._readable_listening
            if not self._resume_scheduled:
                self._resume_scheduled = True
                _later(self._resume_tick)
        self._has_paused = True
        self._paused = False
        return self

    def _resume_tick(self):
        if not self._reading:
            self.read(0)
        self._resume_scheduled = False
        self.emit('resume')
        self._flow()
        if self.readableFlowing and not self._reading:
            self.read(0)

    def pause(self):
        if self.readableFlowing is not False:
            self.readableFlowing = False
            self.emit('pause')
        self._has_paused = True
        self._paused = True
        return self

    def _flow(self):
        while self.readableFlowing and self.read() is not None:
            pass

    def _kick(self):
        _later(self._flow)

    def _pull(self):
        """Blocks until something changes (data, end, error, destroy); _read
        is asked first (it may push at once).  A message overrides this so
        that, on its connection's thread, the call reads the socket itself."""
        self.read(0)
        self._wait_for_change()

    def _listener_added(self, event):
        # Node: Readable.prototype.on
        if event == 'data':
            self._data_listening = True
            if self.listenerCount('readable'):
                self._readable_listening = True
            if self.readableFlowing is not False:
                self.resume()
        elif event == 'readable':
            if not self.readableEnded and not self._readable_listening:
                self._readable_listening = True
                self._need_readable = True
                self.readableFlowing = False
                self._readable_due = False
                if self._rlen:
                    self._emit_readable()
                elif not self._reading:
                    _later(self.read, 0)

    def _listener_removed(self, event):
        if event == 'readable':
            _later(self._update_readable_listening)
        elif event == 'data' and not self.listenerCount('data'):
            self._data_listening = False

    def _update_readable_listening(self):
        self._readable_listening = self.listenerCount('readable') > 0
        if self._has_paused and not self._paused and self._resume_scheduled:
            self.readableFlowing = True
        elif self._data_listening:
            self.resume()
        elif not self._readable_listening:
            self.readableFlowing = None

    def __iter__(self):
        """Blocking iteration: `for chunk in stream` (Node's `for await`)."""
        while True:
            if self._rbuf:
                chunk = self.read()
                if chunk:
                    yield chunk
                continue
            if self.errored is not None:
                raise self.errored
            if self._rended:
                self._end_now()
                return
            if self.destroyed:
                raise errors.ERR_STREAM_PREMATURE_CLOSE()
            self._pull()

    def pipe(self, dest, options=None, **kw):
        """Writes every chunk to dest, pausing while dest is full; ends dest at the end."""
        opts = dict(options or {}, **kw)
        end = opts.get('end', True)

        def ondata(chunk):
            if dest.write(chunk) is False:
                self.pause()

        def ondrain():
            if self.readableFlowing is False:
                self.resume()

        def onend():
            if end:
                dest.end()

        if not self._pipes:
            self._pipes = []
        self._pipes.append((dest, ondata, ondrain, onend))
        dest.on('drain', ondrain)
        self.on('data', ondata)
        self.once('end', onend)
        dest.emit('pipe', self)
        return dest

    def unpipe(self, dest=None):
        for entry in list(self._pipes):
            if dest is None or entry[0] is dest:
                self._pipes.remove(entry)
                d, ondata, ondrain, onend = entry
                self.off('data', ondata)
                self.off('end', onend)
                d.off('drain', ondrain)
                d.emit('unpipe', self)
        if not self._pipes:
            self.pause()
        return self

    # -- destroy -------------------------------------------------------

    def _destroy(self, err, callback):
        callback(err)

    def destroy(self, error=None):
        """Destroys the stream: 'error' (if given) then 'close', on the next tick."""
        if self.destroyed:
            return self
        self.destroyed = True
        self.readable = False
        if hasattr(self, 'writable'):
            self.writable = False
        if error is not None and self.errored is None:
            self.errored = error

        def done(err=None):
            if err is not None and self.errored is None:
                self.errored = err
            _later(self._emit_destroyed, err)

        try:
            self._destroy(error, done)
        finally:
            self._notify()      # wake a blocked reader even if 'error' raised (no listener)
        return self

    def _emit_destroyed(self, err):
        if err is not None:
            self.emit('error', err)
        self.closed = True
        if self._emitClose:
            self.emit('close')


class _ThreadEngine:
    """The Readable engine of nodehttp's own streams (a socket, a message),
    whose data a thread of theirs pushes in: flowing is driven from that
    thread (_kick wakes it), a resume from elsewhere waits for the caller's
    tick, and 'data' is emitted as the producer pushes.  Listed first in
    their bases, it stands in for Readable's port of Node's engine, which
    user streams get."""

    # Node starts a resumed stream flowing on the next tick, so code can
    # resume() (or listen for 'data') and then attach its other listeners
    # ('end' ...).  A stream read by a thread of its own (a socket's, a
    # connection's: _reader_ident) resumed from another thread does the
    # same: the reader sees it flowing only once the calling thread's tick
    # has ended (a nodehttp callback returned; a foreign thread waits or
    # ends, _foreign.py).  Until then `readableFlowing` reads as before.
    def _emit_data(self, chunk):
        if self._decoder is not None:
            chunk = self._decoder.write(chunk)
            if not chunk:
                return
        self.emit('data', chunk)

    _resume_due = None         # the deferred resume not yet applied

    def _reader_ident(self):
        """The ident of the thread that pushes data in, when it is not
        whoever calls (None)."""
        return None

    def _resume_later(self):
        token = object()
        self._resume_due = token
        if _tick.in_callback():
            _tick.next_tick(self._resume_now, token)
            return True
        if not _tick.on_nodehttp_thread():
            ft = _foreign.tick()
            if ft is not None and ft.defer(self._resume_now, (token,)):
                return True
        self._resume_due = None
        return False

    def _resume_now(self, token):
        if self._resume_due is token:
            self._resume_due = None
            if not self.readableFlowing:
                self._resume_at_once()

    def _kick(self):
        """Makes buffered data flow.  Subclasses with a producer thread
        override this to flow on that thread."""
        _later(self._flow)

    def push(self, chunk, encoding=None):
        """Adds a chunk (None: the end) to the buffer, or emits it when flowing."""
        if chunk is None:
            if not self._rended:
                self._rended = True
                if not self._rbuf and self.readableFlowing:
                    self._end_soon()
                elif self._readable_listening:
                    self._emit_readable()     # (Node: at the end, buffer empty or not)
                self._notify()
            return False
        if self._rended:
            self.destroy(errors.ERR_STREAM_PUSH_AFTER_EOF())
            return False
        if self.destroyed:
            return False
        if not self.readableObjectMode and not isinstance(chunk, (bytes, bytearray, memoryview)):
            chunk = to_bytes(chunk, encoding)
        if self.readableFlowing and not self._rbuf:
            self._emit_data(chunk)
            return True
        if not chunk and not self.readableObjectMode:
            return self._rlen < self.readableHighWaterMark
        return self._buffer(chunk)

    def _buffer(self, chunk):
        """Adds a chunk to the buffer, flowing or not: push() when not
        flowing, or when Node's push would find its state.sync set (nothing
        read yet: the flow already due emits it)."""
        rbuf = self._rbuf
        if rbuf is NO_CHUNKS:
            rbuf = self._rbuf = deque()
        rbuf.append(chunk)
        self._rlen += 1 if self.readableObjectMode else len(chunk)
        if self._readable_listening:
            self._emit_readable()
        self._notify()
        return self._rlen < self.readableHighWaterMark

    def unshift(self, chunk, encoding=None):
        if chunk is None:
            return
        chunk = to_bytes(chunk, encoding) if isinstance(chunk, str) else chunk
        if self._rbuf is NO_CHUNKS:
            self._rbuf = deque()
        self._rbuf.appendleft(chunk)
        self._rlen += 1 if self.readableObjectMode else len(chunk)
        self._notify()

    def _emit_readable(self):
        # Node's emitReadable: one 'readable' on its way at a time, and none
        # if by then there is nothing to read and no end to see
        if not self._readable_due:
            self._readable_due = True
            _later(self._emit_readable_now)

    def _emit_readable_now(self):
        self._readable_due = False
        if (self._rbuf or self._rended) and not self.destroyed:
            self.emit('readable')

    def _end_soon(self):
        _later(self._end_now)

    def _end_now(self):
        if self.readableEnded or self._rbuf or not self._rended or self.destroyed:
            return
        self.readableEnded = True
        self.readable = False
        if self._decoder is not None:
            rest = self._decoder.end()
            if rest:
                self.emit('data', rest)
        self.emit('end')
        self._after_end()

    def setEncoding(self, encoding):
        self._decoder = StringDecoder(encoding)
        self.readableEncoding = self._decoder.encoding
        return self

    def resume(self):
        """Switches to flowing mode: buffered and future data is emitted as 'data'."""
        if not self.readableFlowing:
            reader = self._reader_ident()
            if reader is not None and reader != _get_ident() and self._resume_later():
                return self
            self._resume_at_once()
        return self

    def _resume_at_once(self):
        self.readableFlowing = not self._readable_listening
        _later(self.emit, 'resume')
        self._kick()

    def pause(self):
        self._resume_due = None        # a resume() still to come is undone
        if self.readableFlowing is not False:
            self.readableFlowing = False
            self.emit('pause')
        return self

    def _flow(self):
        """Emits buffered chunks while flowing; asks for more when empty."""
        was_full = self._rlen >= self.readableHighWaterMark
        while self.readableFlowing and self._rbuf and not self.destroyed:
            chunk = self._rbuf.popleft()
            self._rlen -= 1 if self.readableObjectMode else len(chunk)
            last = self._rended and not self._rbuf
            self._emit_data(chunk)
            if last and not self.readableFlowing:
                # Node's read() that empties an ended buffer schedules 'end'
                # whatever the 'data' listeners do: one that pauses does not
                # hold it back.
                self._end_soon()
        if self.readableFlowing and not self._rbuf:
            if self._rended:
                self._end_now()
            elif was_full or not self._rlen:
                self._read(self.readableHighWaterMark)

    def read(self, size=None):
        """Returns buffered data (all of it, or `size` bytes), or None.

        Never blocks.  After the end, the call that finds the buffer empty
        makes 'end' fire, as in Node."""
        if size != 0:
            self._readable_due = False    # (Node: a push now brings a 'readable' anew)
        if size == 0 or not self._rbuf:
            if self._rended and not self._rbuf:
                if size != 0 and self._decoder is not None:
                    rest = self._decoder.end()
                    if rest:
                        return rest       # (Node: the decoder's rest is read at the end)
                self._end_soon()
            elif not self._rended and size != 0:
                self._read(self.readableHighWaterMark)
            return None
        was_full = self._rlen >= self.readableHighWaterMark
        if self.readableObjectMode:
            chunk = self._rbuf.popleft()
            self._rlen -= 1
        elif size is None or size >= self._rlen:
            if size is not None and size > self._rlen and not self._rended:
                self._read(self.readableHighWaterMark)
                return None
            chunk = self._rbuf.popleft() if len(self._rbuf) == 1 else b''.join(self._rbuf)
            self._rbuf.clear()
            self._rlen = 0
        else:
            parts, need = [], size
            while need:
                head = self._rbuf[0]
                if len(head) <= need:
                    parts.append(self._rbuf.popleft())
                    need -= len(head)
                else:
                    parts.append(head[:need])
                    self._rbuf[0] = head[need:]
                    need = 0
            self._rlen -= size
            chunk = b''.join(parts)
        if self._rended and not self._rbuf:
            if size is None or size > (1 if self.readableObjectMode else len(chunk)):
                self._end_soon()     # (Node: a read() that asked for more than was left)
        elif was_full and self._rlen < self.readableHighWaterMark:
            self._read(self.readableHighWaterMark)
        if self._decoder is not None and not self.readableObjectMode:
            chunk = self._decoder.write(chunk)
        return chunk

    def _listener_added(self, event):
        # Node: Readable.prototype.on
        if event == 'data':
            if self.readableFlowing is not False:
                self.resume()
        elif event == 'readable':
            if not self.readableEnded:
                self._readable_listening = True
                self._readable_due = False
                self.readableFlowing = False
                if self._rbuf or self._rended:
                    self._emit_readable()
                else:
                    self._read(self.readableHighWaterMark)

    def _listener_removed(self, event):
        if event == 'readable' and not self.listenerCount('readable'):
            self._readable_listening = False
            if self.listenerCount('data'):
                self.resume()


class Writable(EventEmitter):
    """A stream you write to (Node's stream.Writable), synchronous underneath."""

    def __init__(self, options=None, **kw):
        EventEmitter.__init__(self)
        self._init_writable(options, kw)

    def _init_writable(self, options, kw):
        opts = dict(options or {}, **kw)
        hwm = opts.get('highWaterMark')
        self.writableHighWaterMark = HIGH_WATER_MARK if hwm is None else hwm
        self.writableObjectMode = bool(opts.get('objectMode', False))
        self._decodeStrings = opts.get('decodeStrings', True)
        self._defaultEncoding = opts.get('defaultEncoding', 'utf8')
        self.writable = True
        self.writableEnded = False
        self.writableFinished = False
        self.writableCorked = 0
        self.writableLength = 0
        self._need_drain = False
        self._pending = 0
        self._buffered = deque()      # writes waiting for _write (Node: state.buffered)
        self._finalCallbacks = []
        if not hasattr(self, 'destroyed'):
            self.destroyed = False
            self.closed = False
            self.errored = None
            self._emitClose = opts.get('emitClose', True)
            self._autoDestroy = opts.get('autoDestroy', True)
        for name in ('write', 'writev', 'final', 'destroy'):
            if opts.get(name):
                setattr(self, '_' + name, opts[name].__get__(self))

    def _write(self, chunk, encoding, callback):
        raise errors.ERR_METHOD_NOT_IMPLEMENTED('_write()')

    _final = None                 # the user's final (option or method), if any
    _writev = None                # the user's writev, if any

    # Node's WritableState, as plain attributes (the class defaults are the
    # state of a fresh stream).  writableEnded is Node's `ending`.
    _writing = False              # a _write (or _writev) is under way
    _wsync = False                # ... and has not returned yet
    _write_len = 0
    _write_cb = None
    _after_pending = False        # an afterWrite is on its way for callback-less writes
    _after_info = None            # [count, cb]: the sync writes of one callback, batched
    _clearing = False             # clearBuffer is running
    _prefinished = False
    _final_called = False

    @property
    def writableNeedDrain(self):
        """True after a write() returned False, until 'drain' (not once
        ended or destroyed)."""
        return self._need_drain and not self.destroyed and not self.writableEnded

    def write(self, chunk, encoding=None, callback=None):
        """Writes a chunk; returns False once buffered data reaches the
        high-water mark.  As in Node, `_write` takes one chunk at a time:
        the next waits until the callback of the one before (or uncork());
        a callback `_write` calls before it returns reaches the write's own
        callback on a later tick, after 'drain' if that is due."""
        if callable(encoding):
            callback, encoding = encoding, None
        if chunk is None:
            raise errors.ERR_STREAM_NULL_VALUES()
        if not self.writableObjectMode:
            if isinstance(chunk, str):
                if self._decodeStrings:
                    chunk = to_bytes(chunk, encoding or self._defaultEncoding)
                    encoding = 'buffer'
            elif isinstance(chunk, (bytes, bytearray, memoryview)):
                encoding = 'buffer'         # Node: _write gets 'buffer' for a Buffer
            else:
                raise errors.ERR_INVALID_ARG_TYPE(
                    'chunk', ['string', 'Buffer', 'TypedArray', 'DataView'], chunk)
        if self.writableEnded or self.destroyed:
            err = (errors.ERR_STREAM_WRITE_AFTER_END() if self.writableEnded
                   else errors.ERR_STREAM_DESTROYED('write'))
            if callback:
                _later(callback, err)
            self._error_or_destroy(err)     # Node: at once ('error' follows on a tick)
            return False
        self._pending += 1
        size = 1 if self.writableObjectMode else len(chunk)
        self.writableLength += size
        if self._writing or self.writableCorked or self.errored is not None:
            self._buffered.append((chunk, encoding, callback))
        else:
            self._do_write(size, chunk, encoding, callback)
        ok = self.writableLength < self.writableHighWaterMark or self.writableLength == 0
        if not ok:
            self._need_drain = True
        return ok and self.errored is None and not self.destroyed

    def _do_write(self, size, chunk, encoding, callback, chunks=None):
        """Node's doWrite: one call of _write, or of _writev with chunks."""
        self._write_len = size
        self._write_cb = callback
        self._writing = True
        self._wsync = True
        if self.destroyed:
            self._on_write(errors.ERR_STREAM_DESTROYED('write'))
        elif chunks is not None:
            self._writev(chunks, self._on_write)
        else:
            self._write(chunk, encoding, self._on_write)
        self._wsync = False

    def _on_write(self, err=None):
        # Node's onwrite: the length at once; callbacks, 'drain' and the end
        # on a later tick when _write called back before returning
        if not self._writing:
            self._error_or_destroy(errors.ERR_MULTIPLE_CALLBACK())
            return
        sync = self._wsync
        cb = self._write_cb
        self._write_cb = None
        self._writing = False
        self.writableLength -= self._write_len
        self._write_len = 0
        if err is not None:
            if self.errored is None:
                self.errored = err
            self.writable = False
            if sync:
                _later(self._after_write_error, err, cb)
            else:
                self._after_write_error(err, cb)
            return
        if self._buffered:
            self._clear_buffer()
        if not sync:
            self._after_write(1, cb)
            return
        need_drain = self._need_drain and self.writableLength == 0
        if cb is None:
            if not self._after_pending and need_drain:
                self._after_pending = True
                _later(self._after_write, 1, None)
            else:
                self._pending -= 1
                if self.writableEnded:
                    self._maybe_finish(True)
        elif self._after_info is not None and self._after_info[1] is cb:
            self._after_info[0] += 1
        else:
            info = self._after_info = [1, cb]
            self._after_pending = True
            _later(self._after_write_tick, info)

    def _after_write_tick(self, info):
        self._after_info = None
        self._after_write(info[0], info[1])

    def _after_write(self, count, cb):
        self._after_pending = False
        if (self._need_drain and not self.writableEnded and not self.destroyed
                and self.writableLength == 0):
            self._need_drain = False
            self.emit('drain')
        while count > 0:
            count -= 1
            self._pending -= 1
            if cb is not None:
                cb(None)
        if self.destroyed:
            self._error_buffer()
        if self.writableEnded:
            self._maybe_finish(True)

    def _after_write_error(self, err, cb):
        self._pending -= 1
        if cb is not None:
            cb(err)
        self._error_buffer()
        self._error_or_destroy(err)

    def _error_buffer(self):
        """Node's errorBuffer: the writes waiting, and end()'s callbacks, get
        the stream's error (or ERR_STREAM_DESTROYED)."""
        if self._writing:
            return
        queued, self._buffered = self._buffered, deque()
        for chunk, _enc, cb in queued:
            self.writableLength -= 1 if self.writableObjectMode else len(chunk)
            if cb is not None:
                cb(self.errored or errors.ERR_STREAM_DESTROYED('write'))
        self._finished_callbacks(self.errored or errors.ERR_STREAM_DESTROYED('end'))

    def _finished_callbacks(self, err):
        cbs, self._finalCallbacks = self._finalCallbacks, []
        for cb in cbs:
            cb(err)

    def _clear_buffer(self):
        """Node's clearBuffer: what waits, one _write at a time while they
        complete at once (all in one _writev when there is one and more than
        one waits)."""
        if self.destroyed or self._clearing or self.writableCorked or not self._buffered:
            return
        self._clearing = True
        try:
            queued = self._buffered
            if len(queued) > 1 and self._writev is not None:
                self._buffered = deque()
                self._pending -= len(queued) - 1
                cbs = [cb for _c, _e, cb in queued if cb is not None]

                def all_cbs(err=None):
                    for cb in cbs:
                        cb(err)
                self._do_write(self.writableLength, None, '', all_cbs,
                               [{'chunk': c, 'encoding': e} for c, e, _cb in queued])
                return
            while queued and not self._writing:
                chunk, enc, cb = queued.popleft()
                self._do_write(1 if self.writableObjectMode else len(chunk), chunk, enc, cb)
        finally:
            self._clearing = False

    def _error_or_destroy(self, err):
        if not self.destroyed:
            self.destroy(err)

    def cork(self):
        self.writableCorked += 1

    def uncork(self):
        if self.writableCorked:
            self.writableCorked -= 1
            if not self._writing:
                self._clear_buffer()

    def setDefaultEncoding(self, encoding):
        self._defaultEncoding = encoding
        return self

    def end(self, chunk=None, encoding=None, callback=None):
        """Writes an optional last chunk, then finishes the stream."""
        if callable(chunk):
            chunk, callback = None, chunk
        elif callable(encoding):
            encoding, callback = None, encoding
        err = None
        if chunk is not None:
            if self.writableEnded or self.destroyed:
                # (Node: _write's error, returned to end(), which calls back with it)
                err = (errors.ERR_STREAM_WRITE_AFTER_END() if self.writableEnded
                       else errors.ERR_STREAM_DESTROYED('write'))
                self._error_or_destroy(err)
            else:
                self.write(chunk, encoding)
        if self.writableCorked:
            self.writableCorked = 1
            self.uncork()
        if err is not None:
            pass
        elif not self.writableEnded and self.errored is None:
            self.writableEnded = True
            self.writable = False
            self._maybe_finish(True)
        elif self.writableFinished:
            err = errors.ERR_STREAM_ALREADY_FINISHED('end')
        elif self.destroyed:
            err = errors.ERR_STREAM_DESTROYED('end')
        if callback:
            if err is not None:
                _later(callback, err)
            elif self.errored is not None:
                _later(callback, self.errored)
            elif self.writableFinished:
                _later(callback, None)
            else:
                self._finalCallbacks.append(callback)
        return self

    def _need_finish(self):
        return (self.writableEnded and not self.destroyed and not self.writableFinished
                and not self._writing and self.errored is None and not self._buffered
                and self.writableLength == 0)

    def _maybe_finish(self, sync):
        """Node's finishMaybe: 'prefinish' (after _final), then 'finish' --
        on a later tick when sync."""
        if not self._need_finish():
            return
        self._prefinish()
        if self._pending == 0:
            if sync:
                self._pending += 1
                _later(self._finish_if_due)
            elif self._need_finish():
                self._pending += 1
                self._finish()

    def _finish_if_due(self):
        if self._need_finish():
            self._finish()
        else:
            self._pending -= 1

    def _prefinish(self):
        if self._prefinished or self._final_called:
            return
        self._final_called = True
        if self._final is not None and not self.destroyed:
            self._pending += 1
            self._wsync = True
            try:
                self._final(self._on_final)
            except Exception as exc:  # noqa: B902 -- Node: onFinish(err)
                self._on_final(exc)
            self._wsync = False
        else:
            self._prefinished = True
            self.emit('prefinish')

    def _on_final(self, err=None):
        if self._prefinished:
            self._error_or_destroy(err or errors.ERR_MULTIPLE_CALLBACK())
            return
        self._pending -= 1
        if err is not None:
            self._finished_callbacks(err)
            self._error_or_destroy(err)
        elif self._need_finish():
            self._prefinished = True
            self.emit('prefinish')
            self._pending += 1
            _later(self._finish)       # (Node: always a tick after _final's callback)

    def _finish(self):
        self._pending -= 1
        self.writableFinished = True
        self._finished_callbacks(None)
        self.emit('finish')
        if self._autoDestroy and (not isinstance(self, Readable) or self.readableEnded
                                  or not self.readable):
            self.destroy()

    def _destroy(self, err, callback):
        callback(err)

    def destroy(self, error=None):
        if self.destroyed:
            return self
        if self._buffered or self._finalCallbacks:
            _later(self._error_buffer)     # (Node: the writes waiting are called back)
        self.destroyed = True
        self.writable = False
        if error is not None and self.errored is None:
            self.errored = error

        def done(err=None):
            _later(self._emit_destroyed, err)

        self._destroy(error, done)
        return self

    def _emit_destroyed(self, err):
        if err is not None:
            self.emit('error', err)
        self.closed = True
        if self._emitClose:
            self.emit('close')


class Duplex(Readable, Writable):
    """Both Readable and Writable (Node's stream.Duplex)."""

    def __init__(self, options=None, **kw):
        EventEmitter.__init__(self)
        self._rbuf = deque()
        self._init_readable(options, kw)
        self._init_writable(options, kw)
        self.allowHalfOpen = dict(options or {}, **kw).get('allowHalfOpen', True)

    destroy = Readable.destroy
    _destroy = Readable._destroy
    _emit_destroyed = Readable._emit_destroyed

    def _after_end(self):
        if self._autoDestroy and self.writableFinished:
            self.destroy()


class PassThrough(Duplex):
    """A Duplex whose writes come out of its readable side (Node's PassThrough)."""

    _rsync = False                # (Node's Transform starts with sync false)

    def _write(self, chunk, encoding, callback):
        self.push(chunk)
        callback()

    def _final(self, callback):
        self.push(None)
        callback()
