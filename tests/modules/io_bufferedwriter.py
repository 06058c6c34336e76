# MicroPython's io.BufferedWriter: the stream sees whole buffers, and the rest at flush().
import io


class Log(io.IOBase):
    def __init__(self, take=None):
        self.take = take
        self.calls = 0

    def write(self, b):
        self.calls += 1
        if self.take is not None and self.calls <= len(self.take):
            n = self.take[self.calls - 1]
            if n is None:
                print("busy")
                return None
            print("wrote part", bytes(b[:n]))
            return n
        print("wrote", type(b).__name__, bytes(b))
        return len(b)


w = io.BufferedWriter(Log(), 4)
print(w.write(b"ab"))
print(w.write(b"cdefghij"))
print(w.write(bytearray(b"k")))
print(w.write(memoryview(b"xlmnopq")[1:]))
w.flush()
w.flush()
print(w.write(b""))

# a partial write is followed by one of the rest
w = io.BufferedWriter(Log([2]), 5)
w.write(b"12345")

# a stream that takes nothing (None) raises OSError; the data stays held
w = io.BufferedWriter(Log([None]), 5)
w.write(b"123")
try:
    w.flush()
except OSError as e:
    print("OSError")
w.flush()
w.flush()

# over BytesIO
bio = io.BytesIO()
w = io.BufferedWriter(bio, 3)
for i in range(5):
    w.write(b"%d" % i)
    print(bio.getvalue())
w.flush()
print(bio.getvalue())

for bad in ((), (bio,), (bio, 1, 2)):
    try:
        io.BufferedWriter(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
try:
    io.BufferedWriter(bio, 4).write(1)
except TypeError:
    print("TypeError")
