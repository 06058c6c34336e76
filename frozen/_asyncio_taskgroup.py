# asyncio.TaskGroup (loaded on first use): CPython's semantics. A task that
# fails cancels the others (and interrupts the body of the `async with`);
# on leaving, once every task has finished, the failures come back together
# as one ExceptionGroup.
import asyncio as _a


class TaskGroup:
    def __init__(self):
        self._tasks = []
        self._errors = []
        self._base = None
        self._parent = None
        self._entered = False
        self._exiting = False
        self._aborting = False
        self._cancelled_parent = False
        self._waiter = None

    def __repr__(self):
        return "<TaskGroup tasks=%d errors=%d>" % (len(self._tasks), len(self._errors or ()))

    async def __aenter__(self):
        if self._entered:
            raise RuntimeError("TaskGroup %r has already been entered" % self)
        self._entered = True
        self._parent = _a.current_task()
        return self

    def create_task(self, coro):
        if not self._entered:
            raise RuntimeError("TaskGroup %r has not been entered" % self)
        if self._exiting and not self._tasks:
            raise RuntimeError("TaskGroup %r is finished" % self)
        if self._aborting:
            raise RuntimeError("TaskGroup %r is shutting down" % self)
        t = _a.create_task(coro)
        # Waiters on the task queue here as usual; the queue also tells the
        # group when the task ends (asyncio._finish).
        q = _a._Queue()
        q.on_done = self._done
        t._state = q
        self._tasks.append(t)
        return t

    def _abort(self):
        self._aborting = True
        for t in self._tasks:
            if not t.done():
                t.cancel()

    def _done(self, t):
        self._tasks.remove(t)
        w = self._waiter
        if w is not None and not self._tasks:
            self._waiter = None
            _a._wake(w)
        e = t._exc
        if e is None or isinstance(e, _a.CancelledError):
            return
        self._errors.append(e)
        if self._base is None and not isinstance(e, Exception):
            self._base = e
        if not self._aborting and not self._cancelled_parent:
            # In the next round, as CPython's done callbacks: tasks already
            # woken in this one still finish first.
            self._cancelled_parent = True
            _a.create_task(self._fail())

    async def _fail(self):
        if not self._aborting:
            self._abort()
        p = self._parent
        if p is not None and not p.done() and p is not _a._cur:
            p.cancel()

    def _wait(self):
        # Suspends the group's task until its last task has finished.
        self._waiter = _a._cur
        _a._cur._wait = self
        try:
            yield
        finally:
            self._waiter = None

    def remove(self, t):
        # A cancel of the waiting task (Task.cancel) takes it off this "queue".
        self._waiter = None

    async def __aexit__(self, et, exc, tb):
        self._exiting = True
        if exc is not None and self._base is None:
            if not isinstance(exc, (Exception, _a.CancelledError)):
                self._base = exc
        propagate = exc if et is _a.CancelledError else None
        if self._cancelled_parent:
            propagate = None
        if et is not None and not self._aborting:
            self._abort()
        while self._tasks:
            try:
                await self._wait()
            except _a.CancelledError as e:
                if not self._aborting:
                    propagate = e
                    self._abort()
        self._parent = None  # done with it: a late _fail leaves it alone
        if self._base is not None:
            raise self._base
        if propagate is not None and not self._errors:
            raise propagate
        if et is not None and et is not _a.CancelledError:
            self._errors.append(exc)
        if self._errors:
            errors = self._errors
            self._errors = None
            raise BaseExceptionGroup("unhandled errors in a TaskGroup", errors) from None
