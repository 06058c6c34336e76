# A stream written in Python with only readinto() can be read (and json.load
# works on it); a readinto/write claiming more bytes than it had is OSError.
import io
import json


class R(io.IOBase):
    def __init__(self, data):
        self.data = data

    def readinto(self, buf):
        n = min(len(buf), len(self.data))
        buf[:n] = self.data[:n]
        self.data = self.data[n:]
        return n


class Liar(io.IOBase):
    def readinto(self, buf):
        return len(buf) + 2

    def write(self, s):
        return len(s) + 2


print(json.load(R(b'{"a": [1, 2, 3], "b": "x"}')))
print(R(b"hello world").read(5), R(b"hello world").read(), R(b"").read())
for f in (lambda: print("abc", file=Liar()), lambda: Liar().read()):
    try:
        f()
    except OSError as e:
        print("OSError", e.errno)
