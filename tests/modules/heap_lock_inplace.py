# With the heap locked (as in a hard interrupt handler): a preallocated
# exception keeps its traceback room, slices of built-in sequences are
# assigned in place, adding empty bytes or str gives the operand, and a
# bytearray does not grow past the room it asked for.
import io, micropython, sys

pre = ValueError()
try:
    raise pre
except ValueError:
    pass


def reraise():
    micropython.heap_lock()
    try:
        pre.__traceback__ = None
        raise pre
    except ValueError as e:
        r = e is pre
    micropython.heap_unlock()
    return r


print(reraise())
# One entry, from this file: the room of the first traceback was kept.
buf = io.StringIO()
sys.print_exception(pre, buf)
print(buf.getvalue().count("File"))


def in_place(ba, mv, by, s):
    micropython.heap_lock()
    ba[2:4] = b"ab"
    mv[5:7] = b"cd"
    same1 = (b"" + by) is by
    same2 = (s + "") is s
    same3 = ("" + s) is s
    try:
        ba += b"!"
        grown = True
    except MemoryError:
        grown = False
    micropython.heap_unlock()
    return same1, same2, same3, grown


ba = bytearray(b"0123456789")
print(in_place(ba, memoryview(ba), b"xyz", "hello"), ba)
