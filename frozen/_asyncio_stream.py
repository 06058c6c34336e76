# asyncio's streams and TCP helpers (Stream, StreamReader, StreamWriter,
# open_connection, start_server, Server), loaded on first use of one of them
# (asyncio's __getattr__), so `import asyncio` stays small.
import asyncio as _core


def _readable(s):
    _core._io.add(s, 1)
    yield


def _writable(s):
    _core._io.add(s, 2)
    yield


class Stream:
    def __init__(self, s, e={}):
        self.s = s
        self.e = e
        self.out_buf = b""

    def get_extra_info(self, v):
        return self.e[v]

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.close()

    def close(self):
        pass

    async def wait_closed(self):
        self.s.close()

    aclose = wait_closed

    async def read(self, n=-1):
        got = b""
        while True:
            await _readable(self.s)
            r = self.s.read(n)
            if r is None:
                continue
            if n >= 0:
                return r
            if not r:
                return got
            got += r

    async def readinto(self, buf):
        while True:
            await _readable(self.s)
            n = self.s.readinto(buf)
            if n is not None:
                return n

    async def readexactly(self, n):
        got = b""
        while n > 0:
            await _readable(self.s)
            r = self.s.read(n)
            if r is None:
                continue
            if not r:
                raise EOFError
            got += r
            n -= len(r)
        return got

    async def readline(self):
        line = b""
        while True:
            await _readable(self.s)
            r = self.s.readline()
            if r is None:
                continue
            line += r
            if not r or line[-1] == 10:
                return line

    def write(self, buf):
        if not self.out_buf:
            # Straight through when the stream takes it all.
            n = self.s.write(buf)
            if n == len(buf):
                return
            if n is not None:
                buf = buf[n:]
            if type(buf) is bytes:
                self.out_buf = buf
                return
        self.out_buf += buf

    async def drain(self):
        data = self.out_buf
        if not data:
            return await _core.sleep_ms(0)
        mv = memoryview(data)
        off = 0
        while off < len(mv):
            await _writable(self.s)
            n = self.s.write(mv[off:])
            if n is not None:
                off += n
        self.out_buf = b""

    async def awrite(self, buf, off=0, sz=-1):
        if off or sz != -1:
            if sz < 0:
                sz = len(buf) - off
            buf = memoryview(buf)[off : off + sz]
        self.write(buf)
        await self.drain()

    async def awritestr(self, s):
        await self.awrite(s.encode())


StreamReader = Stream
StreamWriter = Stream


async def open_connection(host, port, ssl=None, server_hostname=None):
    import socket

    ai = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
    s = socket.socket(ai[0], ai[1], ai[2])
    s.setblocking(False)
    try:
        s.connect(ai[-1])
    except OSError as e:
        if e.errno != 115:  # EINPROGRESS
            raise
    await _writable(s)
    st = Stream(s)
    return st, st


class Server:
    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()
        await self.wait_closed()

    def close(self):
        self.task.cancel()

    async def wait_closed(self):
        await self.task

    async def _serve(self, s, cb):
        try:
            while True:
                await _readable(s)
                try:
                    c, addr = s.accept()
                except OSError:
                    continue
                c.setblocking(False)
                st = Stream(c, {"peername": addr})
                _core.create_task(cb(st, st))
        except _core.CancelledError:
            pass
        finally:
            s.close()


async def start_server(cb, host, port, backlog=5, ssl=None):
    import socket

    ai = socket.getaddrinfo(host, port)[0]
    s = socket.socket()
    s.setblocking(False)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(ai[-1])
    s.listen(backlog)
    srv = Server()
    srv.task = _core.create_task(srv._serve(s, cb))
    return srv
