# Runtime temporaries sized by the data (struct's
# slot table, bytearray operands, int.from_bytes' digits) asked for when the
# heap is nearly full: MemoryError, never an abort. On a board (and on the
# unix port built with `rust-allocs-in-heap`) these copies come from the
# Python heap. Each case runs with the heap filled by ballast, then a
# growing part of it freed; the program carries on either way.
import gc
import struct
from array import array


def squeezed(make, op):
    for step in range(16):
        d = ballast = None
        gc.collect()
        try:
            d = make()
            ballast = []
            for i in range(1000):
                ballast.append(str(i) * 30)
        except MemoryError:
            pass
        try:
            if ballast:
                del ballast[: len(ballast) * step // 15]
            op(d)
        except MemoryError:
            pass
        except Exception:
            pass  # make() itself ran out of memory: d is None
    d = ballast = None
    gc.collect()


cases = [
    ("struct pack", lambda: list(range(400)), lambda d: struct.pack("%di" % len(d), *d)),
    ("struct unpack", lambda: bytes(1600), lambda d: struct.unpack("400i", d)),
    ("bytearray add", lambda: bytearray(3000), lambda d: d + d),
    ("bytearray iadd", lambda: bytearray(3000), lambda d: d.__iadd__(bytes(3000))),
    ("bytearray decode", lambda: bytearray(b"a" * 3000), lambda d: d.decode()),
    ("int from_bytes", lambda: bytes(range(256)) * 12, lambda d: int.from_bytes(d, "little")),
    ("array init", lambda: bytes(4000), lambda d: array("i", d)),
    ("memoryview set", lambda: bytearray(4000), lambda d: memoryview(d).__setitem__(slice(0, 4000), bytes(4000))),
]
# The report is made first: printing it needs no room after the heap was filled.
report = "\n".join(name + " done" for name, _, _ in cases)
for name, make, op in cases:
    squeezed(make, op)
cases = None
print(report)
gc.collect()
print(eval("1 + 2"), struct.pack("2h", 1, 2), bytearray(b"ab") + b"c")
