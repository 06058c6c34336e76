# asyncio (also importable as uasyncio): MicroPython's cooperative scheduler.
#
# Tasks wrap coroutines and take turns in rounds, as CPython's event loop
# does: a round first asks select.poll for ready streams (waiting there, with
# the CPU idle, when no task is ready), moves the sleepers whose time has
# come to the ready queue, then runs once each task that was ready when the
# round began. Every queue is a chain through the tasks themselves (their
# `_next`), so scheduling and sleep_ms allocate nothing. Event, Lock,
# ThreadSafeFlag (_asyncio_sync) and the streams (_asyncio_stream) are
# loaded on first use.
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
    on_done = None  # as a task's waiters: called when the task ends

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
        if s.on_done is not None:
            s.on_done(t)  # a TaskGroup's
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


def __getattr__(name):
    # The parts loaded on first use, as MicroPython does; each name found is
    # kept as a global, so this runs once per name.
    if name in ("Event", "ThreadSafeFlag", "Lock"):
        part = "_asyncio_sync"
    elif name in (
        "Stream",
        "StreamReader",
        "StreamWriter",
        "Server",
        "open_connection",
        "start_server",
    ):
        part = "_asyncio_stream"
    elif name == "TaskGroup":
        part = "_asyncio_taskgroup"
    else:
        raise AttributeError(name)
    import asyncio

    value = getattr(__import__(part), name)
    setattr(asyncio, name, value)
    return value
