# asyncio's Event, ThreadSafeFlag and Lock, loaded on first use of one of
# them (asyncio's __getattr__), so `import asyncio` stays small.
import asyncio as _core
import io as _iomod


class Event:
    def __init__(self):
        self.state = False
        self.waiting = _core._Queue()

    def is_set(self):
        return self.state

    def set(self):
        q = self.waiting
        while q.head is not None:
            _core._wake(q.pop())
        self.state = True

    def clear(self):
        self.state = False

    def wait(self):
        if not self.state:
            self.waiting.push(_core._cur)
            _core._cur._wait = self.waiting
            yield
        return True


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
            _core._io.add(self, 1)
            yield
        self.state = 0


class Lock:
    # `_owner`: 0 free, 1 held, or the waiting task it has been handed to.
    def __init__(self):
        self._owner = 0
        self.waiting = _core._Queue()

    def locked(self):
        return self._owner == 1

    def release(self):
        if self._owner != 1:
            raise RuntimeError("Lock not acquired")
        if self.waiting.head is not None:
            t = self.waiting.pop()
            self._owner = t
            _core._wake(t)
        else:
            self._owner = 0

    def acquire(self):
        if self._owner != 0:
            me = _core._cur
            self.waiting.push(me)
            me._wait = self.waiting
            try:
                yield
            except _core.CancelledError:
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
