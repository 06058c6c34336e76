# A MemoryError from a failed large allocation records where it happened,
# as any other exception does.
import io
import sys


def grab():
    return bytearray(1 << 30)


def outer():
    return grab()


try:
    outer()
except MemoryError as e:
    buf = io.StringIO()
    sys.print_exception(e, buf)
    lines = buf.getvalue().splitlines()
    print(lines[0])
    print([l.split(", in ")[-1] for l in lines if l.startswith("  File")])
    print(lines[-1].split(":")[0])
