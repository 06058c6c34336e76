# Corrupted marshal data: every single-byte change either loads (the
# verifier accepted it) or raises ValueError; nothing crashes. The code is
# never run (a changed jump could loop for ever).
import marshal


def f(x, y=3):
    total = 0
    for i in range(x):
        try:
            total += i // (i - y)
        except ZeroDivisionError:
            total -= 1
    return [total, "text", (1, 2.5)]


data = bytearray(marshal.dumps(f.__code__))
loaded = refused = 0
for i in range(len(data)):
    for delta in (1, 0x80, 0xFF):
        old = data[i]
        data[i] = (old + delta) & 0xFF
        try:
            marshal.loads(data)
            loaded += 1
        except ValueError:
            refused += 1
        except MemoryError:
            refused += 1
        data[i] = old
print(loaded + refused == 3 * len(data), refused > 0)
