# asyncio (also importable as uasyncio): MicroPython's cooperative scheduler.
#
# Tasks wrap coroutines and take turns in rounds, as CPython's event loop
# does: a round first asks select.poll for ready streams (waiting there, with
# the CPU idle, when no task is ready), moves the sleepers whose time has
# come to the ready queue, then runs once each task that was ready when the
# round began. Every queue is a chain through the tasks themselves (their
# `_next`), so scheduling, sleep_ms and a blocked StreamWriter.write
# allocate nothing.
#
# A task's `_wait` says what it is blocked on, so cancel() can take it off:
# a queue (a sleep, an Event, a Lock, a stream) or the Task it awaits, to
# which the cancel is passed on. `_state` is True while it runs with nobody
# waiting for it, then the queue of those waiting (or gather's hook), and
# False once it has finished (`_exc`, or `_value`, says how).

from time import ticks_ms as _ticks, ticks_diff as _diff, ticks_add as _add
import select as _select


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


class _Queue:
    # Tasks in first-in first-out order, linked through their `_next`.
    def __init__(self):
        self.head = None
        self.tail = None
        self.n = 0

    def peek(self):
        return self.head

    def push(self, t):
        t._next = None
        if self.tail is None:
            self.head = t
        else:
            self.tail._next = t
        self.tail = t
        self.n += 1

    def pop(self):
        t = self.head
        self.head = t._next
        if self.head is None:
            self.tail = None
        t._next = None
        self.n -= 1
        return t

    def remove(self, t):
        prev = None
        c = self.head
        while c is not None:
            if c is t:
                if prev is None:
                    self.head = c._next
                else:
                    prev._next = c._next
                if self.tail is c:
                    self.tail = prev
                c._next = None
                self.n -= 1
                return
            prev = c
            c = c._next

    def insert(self, t):
        # Sleepers: ordered by wake-up time, after those due at the same time.
        when = t._when
        last = self.tail
        if last is None or _diff(last._when, when) <= 0:
            return self.push(t)
        prev = None
        c = self.head
        while _diff(c._when, when) <= 0:
            prev = c
            c = c._next
        t._next = c
        if prev is None:
            self.head = t
        else:
            prev._next = t
        self.n += 1


class _IOQueue:
    # Tasks waiting for a stream to become readable or writable; one entry
    # [stream, reader, writer] per stream, registered with one poll object.
    def __init__(self):
        self.poller = _select.poll()
        self.map = {}

    def _events(self, e):
        return (_select.POLLIN if e[1] else 0) | (_select.POLLOUT if e[2] else 0)

    def add(self, s, i):
        k = id(s)
        e = self.map.get(k)
        if e is None:
            e = self.map[k] = [s, None, None]
            e[i] = _cur
            self.poller.register(s, self._events(e))
        else:
            if e[i] is not None:
                raise RuntimeError("stream already waited on")
            e[i] = _cur
            self.poller.modify(s, self._events(e))
        _cur._wait = self

    def _update(self, k, e):
        if e[1] is None and e[2] is None:
            del self.map[k]
            self.poller.unregister(e[0])
        else:
            self.poller.modify(e[0], self._events(e))

    def remove(self, t):
        for k, e in self.map.items():
            if e[1] is t or e[2] is t:
                if e[1] is t:
                    e[1] = None
                if e[2] is t:
                    e[2] = None
                self._update(k, e)
                return

    def wait(self, ms):
        # Sleeps up to `ms` (-1: until a stream is ready), waking the tasks
        # whose streams are ready; an error or hang-up wakes both sides.
        for s, ev in self.poller.ipoll(ms):
            k = id(s)
            e = self.map.get(k)
            if e is None:
                continue
            if ev & ~_select.POLLOUT and e[1] is not None:
                _wake(e[1])
                e[1] = None
            if ev & ~_select.POLLIN and e[2] is not None:
                _wake(e[2])
                e[2] = None
            self._update(k, e)


_ready = _Queue()  # tasks to run, in order
_timers = _Queue()  # sleeping tasks, soonest first
_io = _IOQueue()
_cur = None  # the running task
_main = None  # the task run_until_complete waits for
_stopping = None  # None, or whether run_forever should stop after this round
_handler = None


def _wake(t):
    t._wait = None
    _ready.push(t)


class Task:
    def __init__(self, coro, globals=None):
        self.coro = coro
        self._state = True
        self._wait = None
        self._exc = None  # thrown at the next step; once done, what ended it
        self._value = None
        self._when = 0
        self._next = None
        self._unseen = False  # finished by an exception nobody has seen yet

    def __iter__(self):
        s = self._state
        if s is not False:
            if s is True:
                s = self._state = _Queue()
            elif not isinstance(s, _Queue):
                raise RuntimeError("can't wait")
            me = _cur
            s.push(me)
            me._wait = self
            try:
                yield
            except BaseException:
                if me._wait is self:
                    s.remove(me)
                    me._wait = None
                raise
        self._unseen = False
        if self._exc is not None:
            raise self._exc
        return self._value

    __await__ = __iter__

    def done(self):
        return self._state is False

    def cancel(self):
        if self._state is False:
            return False
        if self is _cur:
            raise RuntimeError("can't cancel self")
        t = self
        while isinstance(t._wait, Task):
            t = t._wait
        if t._wait is not None:
            t._wait.remove(t)
            _wake(t)
        t._exc = CancelledError
        return True


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro)
    _ready.push(t)
    return t


def _promote(aw):
    return aw if isinstance(aw, Task) else create_task(aw)


def current_task():
    if _cur is None:
        raise RuntimeError("no running event loop")
    return _cur


def _finish(t, exc, value):
    t._exc = exc
    t._value = value
    s = t._state
    t._state = False
    seen = t is _main
    if isinstance(s, _Queue):
        while s.head is not None:
            _wake(s.pop())
            seen = True
    elif s is not True:
        s(t)  # gather's hook
        seen = True
    if not seen and exc is not None and not isinstance(exc, CancelledError):
        # Reported in a later round, unless some task awaits it first.
        t._unseen = True
        _ready.push(t)


def _step(t):
    global _cur
    if t._state is False:
        if t._unseen:
            t._unseen = False
            _loop.call_exception_handler(
                {"message": "Task exception wasn't retrieved", "exception": t._exc, "future": t}
            )
        return
    _cur = t
    exc = t._exc
    try:
        if exc is None:
            t.coro.send(None)
        else:
            t._exc = None
            t.coro.throw(exc)
    except StopIteration as e:
        _finish(t, None, e.value)
    except CancelledError as e:
        _finish(t, e, None)
    except Exception as e:
        _finish(t, e, None)


def _run(main):
    # Runs rounds until `main` (a Task) has finished, or until stop() when
    # `main` is None (run_forever).
    global _cur, _main
    _main = main
    try:
        while main is None or main._state is not False:
            if _ready.head is None:
                t = _timers.head
                if t is not None:
                    ms = _diff(t._when, _ticks())
                    if ms < 0:
                        ms = 0
                elif _io.map:
                    ms = -1
                else:
                    # Nothing can wake a task but a callback (an IRQ handler
                    # or micropython.schedule) setting an Event: look again
                    # every few milliseconds.
                    ms = 10
                _io.wait(ms)
            elif _io.map:
                _io.wait(0)
            if _timers.head is not None:
                now = _ticks()
                while _timers.head is not None and _diff(_timers.head._when, now) <= 0:
                    _wake(_timers.pop())
            n = _ready.n
            while n:
                n -= 1
                _step(_ready.pop())
            if _stopping:
                break
    finally:
        _cur = None
        _main = None


def run_until_complete(main_task=None):
    _run(main_task)


def run(coro):
    return _loop.run_until_complete(create_task(coro))


class _Sleep:
    # What sleep/sleep_ms return, one object for every call: awaiting it
    # queues the running task at `when`, yields once, and is done when resumed.
    def __init__(self):
        self.when = None
        self.done = StopIteration()

    def __iter__(self):
        return self

    __await__ = __iter__

    def __next__(self):
        when = self.when
        if when is None:
            raise self.done
        self.when = None
        t = _cur
        if _diff(when, _ticks()) <= 0:
            _ready.push(t)
        else:
            t._when = when
            t._wait = _timers
            _timers.insert(t)


_sleeper = _Sleep()


def sleep_ms(t):
    _sleeper.when = _add(_ticks(), t if t > 0 else 0)
    return _sleeper


def sleep(t):
    return sleep_ms(int(t * 1000))


def _suspend():
    # Yields once: the caller has queued the running task somewhere.
    yield


class _Gathering:
    # What a task inside gather() waits on; a cancel just wakes it.
    def remove(self, t):
        pass


_gathering = _Gathering()


def gather(*aws, return_exceptions=False):
    ts = [_promote(a) for a in aws]
    me = _cur
    err = None
    for t in ts:
        s = t._state
        if s is False:
            if t._exc is not None and err is None and not return_exceptions:
                err = t._exc
        elif s is not True:
            raise RuntimeError("can't gather")
    left = 0

    def hook(t):
        nonlocal left, err
        if me._wait is not _gathering:
            return  # already woken
        if t._exc is not None and not return_exceptions:
            err = t._exc
        else:
            left -= 1
            if left:
                return
        _wake(me)

    if err is None:
        for t in ts:
            if t._state is True:
                t._state = hook
                left += 1
    cancelled = False
    if left:
        me._wait = _gathering
        try:
            yield
        except CancelledError as e:
            err = e
            cancelled = True
    for i in range(len(ts)):
        t = ts[i]
        if t._state is hook:
            t._state = True
            if cancelled:
                t.cancel()
        elif t._state is False:
            t._unseen = False
            ts[i] = t._value if t._exc is None else t._exc
    if err is not None:
        raise err
    return ts


async def _watch(waiter, aw):
    # wait_for's helper task: awaits `aw`, then cancels the sleeping waiter
    # with a CancelledError that carries the outcome.
    try:
        outcome = (True, await aw)
    except BaseException as e:
        outcome = (e, None)
    if waiter._exc is None and waiter._state is not False and not isinstance(waiter._wait, Task):
        waiter.cancel()
        waiter._exc = CancelledError(*outcome)


async def wait_for(aw, timeout, sleep=sleep):
    aw = _promote(aw)
    if timeout is None:
        return await aw
    watcher = create_task(_watch(_cur, aw))
    try:
        await sleep(timeout)
    except CancelledError as e:
        if e.args:
            if e.args[0] is True:
                return e.args[1]
            raise e.args[0]
        watcher.cancel()
        raise
    watcher.cancel()
    await watcher
    raise TimeoutError


def wait_for_ms(aw, timeout):
    return wait_for(aw, timeout, sleep_ms)


class Event:
    def __init__(self):
        self.state = False
        self.waiting = _Queue()

    def is_set(self):
        return self.state

    def set(self):
        q = self.waiting
        while q.head is not None:
            _wake(q.pop())
        self.state = True

    def clear(self):
        self.state = False

    def wait(self):
        if not self.state:
            self.waiting.push(_cur)
            _cur._wait = self.waiting
            yield
        return True


import io as _iomod


class ThreadSafeFlag(_iomod.IOBase):
    # Set from an IRQ handler or a scheduled callback; the waiting task finds
    # it through the stream poll (ioctl) protocol.
    def __init__(self):
        self.state = 0

    def ioctl(self, req, flags):
        if req == 3:  # poll
            return flags if self.state else 0
        return -1

    def set(self):
        self.state = 1

    def clear(self):
        self.state = 0

    def wait(self):
        if not self.state:
            _io.add(self, 1)
            yield
        self.state = 0


class Lock:
    # `_owner`: 0 free, 1 held, or the waiting task it has been handed to.
    def __init__(self):
        self._owner = 0
        self.waiting = _Queue()

    def locked(self):
        return self._owner == 1

    def release(self):
        if self._owner != 1:
            raise RuntimeError("Lock not acquired")
        if self.waiting.head is not None:
            t = self.waiting.pop()
            self._owner = t
            _wake(t)
        else:
            self._owner = 0

    def acquire(self):
        if self._owner != 0:
            me = _cur
            self.waiting.push(me)
            me._wait = self.waiting
            try:
                yield
            except CancelledError:
                if self._owner is me:
                    # Handed over, then cancelled: pass it on.
                    self._owner = 1
                    self.release()
                raise
        self._owner = 1
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


def _readable(s):
    _io.add(s, 1)
    yield


def _writable(s):
    _io.add(s, 2)
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
            return await sleep_ms(0)
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
                create_task(cb(st, st))
        except CancelledError:
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
    srv.task = create_task(srv._serve(s, cb))
    return srv


class Loop:
    def create_task(self, coro):
        return create_task(coro)

    def run_forever(self):
        global _stopping
        _stopping = False
        try:
            _run(None)
        finally:
            _stopping = None

    def run_until_complete(self, aw):
        t = _promote(aw)
        _run(t)
        t._unseen = False
        if t._exc is not None:
            raise t._exc
        return t._value

    def stop(self):
        global _stopping
        if _stopping is not None:
            _stopping = True

    def close(self):
        pass

    def set_exception_handler(self, handler):
        global _handler
        _handler = handler

    def get_exception_handler(self):
        return _handler

    def default_exception_handler(self, context):
        import sys

        print(context["message"])
        print("future:", context["future"], "coro=", context["future"].coro)
        sys.print_exception(context["exception"])

    def call_exception_handler(self, context):
        (_handler or Loop.default_exception_handler)(self, context)


_loop = Loop()


def get_event_loop(runq_len=0, waitq_len=0):
    return _loop


def new_event_loop():
    global _ready, _timers, _io
    _ready = _Queue()
    _timers = _Queue()
    _io = _IOQueue()
    return _loop
