# The micropython module: const, opt_level, heap lock, schedule, stack_use, mem_info.
import micropython

X = micropython.const(123)
print(X, micropython.const("s"))

print(micropython.opt_level())
micropython.opt_level(2)
print(micropython.opt_level())
micropython.opt_level(0)

print(type(micropython.stack_use()).__name__, micropython.stack_use() > 0)

micropython.heap_lock()
micropython.heap_lock()
print(micropython.heap_locked())
try:
    b = bytes(1000)
    print("allocated")
except MemoryError:
    print("MemoryError")
print(micropython.heap_unlock())
print(micropython.heap_unlock())
print(len(bytes(1000)))

# Callbacks run between bytecodes, in order; one queued from a callback runs after it.
log = []


def cb(arg):
    log.append(arg)
    if arg == 1:
        micropython.schedule(cb, 3)


micropython.schedule(cb, 1)
micropython.schedule(cb, 2)
n = 0
while len(log) < 3 and n < 100000:
    n += 1
print(log)

# An exception raised by a callback arrives in the running code.
def bad(_):
    raise ValueError("from callback")


micropython.schedule(bad, None)
try:
    for i in range(1000):
        pass
    print("no exception")
except ValueError as e:
    print("ValueError", e)

micropython.alloc_emergency_exception_buf(100)
micropython.kbd_intr(3)
micropython.kbd_intr(-1)
micropython.kbd_intr(3)
