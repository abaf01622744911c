"""Agent — the counterpart of lib/_http_agent.js (Node 20.20.2).

"The Agent is now *strictly* concerned with managing a connection pool"
(Node's words): it hands sockets to requests, creates them up to
`maxSockets` per origin (`maxTotalSockets` in all), queues requests beyond
that in `requests`, and keeps sockets whose response was read in
`freeSockets` when `keepAlive` is on.  Free sockets are unref'd (they never
keep the process alive) and ref'd again when reused; a free socket that
closes, times out or emits 'agentRemove' leaves the pool.

Python: requests come from many threads (each socket has its own), so the
three dicts are guarded by one lock, held only while they change -- never
while user code (the overridable getName, createConnection, keepSocketAlive,
reuseSocket; listeners) runs, so a slow override stalls no other thread's
request.  A free socket in keepSocketAlive() has its free slot reserved
(`_pooling`); a request queued meanwhile takes it when the hook returns.
"""

import re
import threading

from . import errors
from ._common import js_truthy as _truthy
from .events import EventEmitter

__all__ = ['Agent', 'globalAgent']

HTTP_AGENT_KEEP_ALIVE_TIMEOUT_BUFFER = 1000   # ms, Node's
_KEEP_ALIVE_HINT = re.compile(r'^timeout=(\d+)')
_NO_OPTIONS = {}


class Agent(EventEmitter):
    """A pool of client sockets (Node's http.Agent)."""

    defaultMaxSockets = float('inf')

    def __init__(self, options=None, **kw):
        EventEmitter.__init__(self)
        opts = dict(options or {}, **kw)
        self.defaultPort = 80
        self.protocol = 'http:'
        if opts.get('noDelay') is None:
            opts['noDelay'] = True
        opts['path'] = None
        self.options = opts
        self.requests = {}
        self.sockets = {}
        self.freeSockets = {}
        self.keepAliveMsecs = opts.get('keepAliveMsecs') or 1000    # ms
        self.keepAlive = opts.get('keepAlive') or False
        self.maxSockets = opts.get('maxSockets') or Agent.defaultMaxSockets
        self.maxFreeSockets = opts.get('maxFreeSockets') or 256
        self.scheduling = opts.get('scheduling') or 'lifo'
        self.maxTotalSockets = opts.get('maxTotalSockets')
        self.totalSocketCount = 0
        self._lock = threading.RLock()
        if self.scheduling not in ('fifo', 'lifo'):
            raise errors.ERR_INVALID_ARG_VALUE(
                'scheduling', self.scheduling, "must be one of: 'fifo', 'lifo'")
        if self.maxTotalSockets is not None:
            m = self.maxTotalSockets
            if isinstance(m, bool) or not isinstance(m, (int, float)):
                raise errors.ERR_INVALID_ARG_TYPE('maxTotalSockets', 'number', m)
            if m < 1:
                raise errors.ERR_OUT_OF_RANGE('maxTotalSockets', '>= 1', m)
        else:
            self.maxTotalSockets = float('inf')
        self._creating = {}           # name -> sockets being made (threads: not yet listed)
        self._creating_total = 0
        self._pooling = {}            # name -> free sockets in keepSocketAlive() now
        self.on('free', self._on_free)

    def __bool__(self):
        return True

    def __repr__(self):
        return '<nodehttp.Agent keepAlive=%s sockets=%d free=%d queued=%d>' % (
            self.keepAlive, sum(map(len, self.sockets.values())),
            sum(map(len, self.freeSockets.values())), sum(map(len, self.requests.values())))

    # -- Node's 'free' listener --------------------------------------------------

    def _on_free(self, socket, options=None):
        if options is None:
            options = getattr(socket, '_agent_options', {}) or {}
        name = getattr(socket, '_agent_name', None) or self.getName(options)
        if not socket.writable and not socket.connecting:
            # (Node's socket is writable while it connects)
            socket.destroy()
            return
        # One decision under the lock: a request queued by another thread
        # meanwhile must get this socket, not find it pooled too late.  The
        # lock is never held while user code runs: keepSocketAlive() (which
        # a subclass may override, and which may take its time) is called
        # between two locked steps, its free slot reserved meanwhile.
        with self._lock:
            req = self._next_queued(name)
            if req is None:
                poolable = self._may_pool(socket, name)
                if poolable:
                    self._pooling[name] = self._pooling.get(name, 0) + 1
        if req is not None:
            self._set_request_socket(req, socket)
            return
        if not poolable:
            socket.destroy()
            return
        keep = False
        try:
            keep = self.keepSocketAlive(socket)
        finally:
            with self._lock:
                n = self._pooling[name] - 1
                if n:
                    self._pooling[name] = n
                else:
                    del self._pooling[name]
                pooled = False
                if keep and not socket.destroyed:
                    # a request queued while keepSocketAlive() ran takes the
                    # socket, as if it had found it pooled (reuseSocket)
                    req = self._next_queued(name)
                    pooled = req is not None or self._put_free(socket, name)
        if not pooled:
            socket.destroy()
        elif req is not None:
            self.reuseSocket(socket, req)
            self._set_request_socket(req, socket)
        elif self.requests:
            # Node: removeSocket -- a request queued for another origin
            # (maxTotalSockets) gets a socket now
            self.removeSocket(socket, options)

    def _next_queued(self, name):
        """Takes the next request queued for `name` (the lock is held)."""
        requests = self.requests.get(name)
        if not requests:
            return None
        req = requests.pop(0)
        if not requests:
            del self.requests[name]
        return req

    def _may_pool(self, socket, name):
        """Whether the free socket may go to freeSockets (the lock is held),
        keepSocketAlive() aside: Node's checks, with the slots of sockets
        being pooled by other threads counted as taken."""
        req = socket._httpMessage
        if req is None or not req.shouldKeepAlive or not self.keepAlive:
            return False
        free = self.freeSockets.get(name)
        freeLen = len(free) if free else 0
        count = freeLen + len(self.sockets.get(name, ()))
        return not (self.totalSocketCount > self.maxTotalSockets or count > self.maxSockets
                    or freeLen + self._pooling.get(name, 0) >= self.maxFreeSockets)

    def _put_free(self, socket, name):
        """Moves the socket to freeSockets (the lock is held).  False when it
        was destroyed meanwhile (never hand it out)."""
        if socket.destroyed:
            return False
        socket._httpMessage = None
        lst = self.sockets.get(name)
        if lst and socket in lst:
            lst.remove(socket)
            if not lst:
                del self.sockets[name]
        socket._agent_free = True      # Node: freeSocketErrorListener is on
        self.freeSockets.setdefault(name, []).append(socket)
        return True

    def _drop_free(self, socket, name):
        with self._lock:
            free = self.freeSockets.get(name)
            if free and socket in free:
                free.remove(socket)
                if not free:
                    del self.freeSockets[name]

    # -- Node's API -----------------------------------------------------------------

    def createConnection(self, options, callback=None):
        """Makes the socket for a request (Node: net.createConnection).
        Subclasses may override it and return a net.Socket, or call
        callback(err, socket)."""
        from .client import _connect
        return _connect(options)

    def getName(self, options=None):
        """host:port:localAddress[:family][:socketPath] -- the pool key."""
        get = (options or _NO_OPTIONS).get
        port = get('port')
        name = (get('host') or 'localhost') + (':' + str(port) + ':' if port else '::')
        localAddress = get('localAddress')
        if localAddress:
            name += localAddress
        family = get('family')
        if family in (4, 6):
            name += ':%d' % family
        socketPath = get('socketPath')
        if socketPath:
            name += ':' + socketPath
        return name

    def addRequest(self, req, options, port=None, localAddress=None):
        """Gives req a free socket, a new one, or queues it."""
        if isinstance(options, str):
            options = {'host': options, 'port': port, 'localAddress': localAddress}
        options = {**options, **self.options}
        if options.get('socketPath'):
            options['path'] = options['socketPath']
        name = self.getName(options)
        with self._lock:
            busy = self.sockets.get(name)
            if busy is None:
                busy = self.sockets[name] = []
            free = self.freeSockets.get(name)
            socket = None
            if free:
                while free and free[0].destroyed:
                    free.pop(0)
                if free:
                    socket = free.pop(0) if self.scheduling == 'fifo' else free.pop()
                    while socket.destroyed and free:
                        socket = free.pop(0) if self.scheduling == 'fifo' else free.pop()
                    if socket.destroyed:
                        socket = None
                if not free:
                    del self.freeSockets[name]
            freeLen = len(free) if free else 0
            # sockets being created by other threads count already
            sockLen = freeLen + len(busy) + self._creating.get(name, 0)
            if socket is not None:
                busy.append(socket)
                action = 'reuse'
            elif sockLen < self.maxSockets and \
                    self.totalSocketCount + self._creating_total < self.maxTotalSockets:
                self._creating[name] = self._creating.get(name, 0) + 1
                self._creating_total += 1
                action = 'create'
            else:
                req._agent_options = options
                self.requests.setdefault(name, []).append(req)
                action = 'queue'
        if action == 'reuse':
            self.reuseSocket(socket, req)
            self._set_request_socket(req, socket)
        elif action == 'create':
            self.createSocket(req, options, lambda err, s=None: (
                req.onSocket(s, err) if err is not None else self._set_request_socket(req, s)),
                _reserved=name)

    def createSocket(self, req, options, cb, _reserved=None):
        """Creates a socket with createConnection; cb(err, socket)."""
        host = req.getHeader('host') if req is not None and not options.get('servername') \
            and options.get('servername') != '' else None
        if host is not None and not isinstance(host, str) and _truthy(host):
            # Node: normalizeServerName -- a Host header that is there
            # (truthy, as JavaScript sees it) must be a string
            if _reserved is not None:
                with self._lock:
                    self._creating[_reserved] -= 1
                    if not self._creating[_reserved]:
                        del self._creating[_reserved]
                    self._creating_total -= 1
            raise errors.ERR_INVALID_ARG_TYPE('options.headers.host', 'string', host)
        options = dict(options, **self.options)
        if options.get('socketPath'):
            options['path'] = options['socketPath']
        name = self.getName(options)
        options['_agentKey'] = name
        options['encoding'] = None
        done = []

        def oncreate(err=None, s=None):
            if err is None and s is None:
                # called as a 'connect' listener (an override passed it to
                # net.createConnection), maybe before createConnection has
                # returned on this thread: Node ignores that call, the
                # returned socket is the one that counts
                return
            if done:
                return
            done.append(1)
            with self._lock:
                if _reserved is not None:
                    self._creating[_reserved] -= 1
                    if not self._creating[_reserved]:
                        del self._creating[_reserved]
                    self._creating_total -= 1
                if err is None:
                    self.sockets.setdefault(name, []).append(s)
                    self.totalSocketCount += 1
            if err is not None:
                return cb(err)
            s._agent_options = options
            s._agent_name = name
            self._install_listeners(s, options)
            cb(None, s)

        if self.keepAlive:
            options['keepAlive'] = self.keepAlive
            options['keepAliveInitialDelay'] = self.keepAliveMsecs
        try:
            s = self.createConnection(options, oncreate)
        except Exception as exc:  # noqa: B902 -- a failing createConnection is the request's error
            return oncreate(exc)
        if s is not None:
            oncreate(None, s)

    def _install_listeners(self, s, options):
        agent = self

        def onFree(*a):
            agent.emit('free', s, options)

        def onClose(*a):
            with agent._lock:
                agent.totalSocketCount -= 1
            agent.removeSocket(s, options)

        def onError(err=None):
            # Node: freeSocketErrorListener, while the socket is pooled
            if getattr(s, '_agent_free', False):
                s.destroy()
                s.emit('agentRemove')

        def onTimeout(*a):
            with agent._lock:
                pooled = any(s in v for v in agent.freeSockets.values())
            if pooled:
                s.destroy()

        def onRemove(*a):
            with agent._lock:
                agent.totalSocketCount -= 1
            agent.removeSocket(s, options)
            s.off('close', onClose)
            s.off('error', onError)
            s.off('free', onFree)
            s.off('timeout', onTimeout)
            s.off('agentRemove', onRemove)

        s.on('free', onFree)
        s.on('error', onError)
        # (Node installs these right after createConnection, before the
        # request's own 'close' listener: the socket leaves the pool, and a
        # queued request gets a new one, before the request's 'close')
        s.prependListener('close', onClose)
        s.on('timeout', onTimeout)
        s.on('agentRemove', onRemove)

    def removeSocket(self, s, options):
        """Drops s from `sockets` (and from `freeSockets` once it is not
        writable); a queued request then gets a new socket."""
        name = self.getName(options)
        with self._lock:
            sets = [self.sockets]
            if not s.writable:
                sets.append(self.freeSockets)
            for sockets in sets:
                lst = sockets.get(name)
                if lst and s in lst:
                    lst.remove(s)
                    if not lst:
                        del sockets[name]
            req = None
            if self.requests.get(name):
                req = self.requests[name][0]
            else:
                for prop, queued in self.requests.items():
                    if self.sockets.get(prop):
                        break
                    req = queued[0]
                    options = getattr(req, '_agent_options', None)
                    break
            if req is not None and options is not None:
                req._agent_options = None
            else:
                req = None
        if req is not None:
            self.createSocket(req, options, lambda err, sock=None: (
                req.onSocket(sock, err) if err is not None else sock.emit('free')))

    def keepSocketAlive(self, socket):
        """Called when a socket goes to the pool: TCP keep-alive on, unref,
        the agent timeout (or the server's Keep-Alive hint, less 1 s).
        False: the socket is destroyed instead."""
        if getattr(socket, '_agent_keep_alive', None) != self.keepAliveMsecs:
            # Node sets it every time; the setsockopt calls are made once
            socket.setKeepAlive(True, self.keepAliveMsecs)
            socket._agent_keep_alive = self.keepAliveMsecs
        socket.unref()
        agentTimeout = self.options.get('timeout') or 0
        canKeep = True
        msg = socket._httpMessage
        res = getattr(msg, 'res', None) if msg is not None else None
        if res is not None:
            hint = res.headers.get('keep-alive')
            if hint:
                m = _KEEP_ALIVE_HINT.match(hint)
                if m:
                    serverHint = int(m.group(1)) * 1000 - HTTP_AGENT_KEEP_ALIVE_TIMEOUT_BUFFER
                    serverHint = serverHint if serverHint > 0 else 0
                    if serverHint == 0:
                        canKeep = False
                    elif serverHint < agentTimeout:
                        agentTimeout = serverHint
        if socket.timeout != (agentTimeout or None):
            socket.setTimeout(agentTimeout)
        return canKeep

    def reuseSocket(self, socket, req):
        """Called when a pooled socket is given to req: ref it again."""
        socket._agent_free = False     # Node: freeSocketErrorListener is off
        req.reusedSocket = True
        socket.ref()

    def destroy(self):
        """Destroys every socket, free or in use."""
        with self._lock:
            socks = [s for d in (self.freeSockets, self.sockets) for v in d.values() for s in v]
        for s in socks:
            s.destroy()

    def _set_request_socket(self, req, socket):
        """Node: setRequestSocket."""
        req.onSocket(socket)
        timeout = req.timeout
        if timeout is None or timeout == (self.options.get('timeout') or 0):
            return
        socket.setTimeout(timeout)


# Node 20: new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 })
globalAgent = Agent({'keepAlive': True, 'scheduling': 'lifo', 'timeout': 5000})
