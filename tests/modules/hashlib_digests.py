# hashlib: sha256, sha1 and md5 digests of inputs around the 64-byte block
# boundaries, incremental updates in uneven pieces, and buffer arguments.
import hashlib
from array import array

ALGOS = ("sha256", "sha1", "md5")
pattern = bytes((i * 7 + 3) & 0xFF for i in range(300))

for name in ALGOS:
    ctor = getattr(hashlib, name)
    print(name, "empty", ctor().hexdigest())
    print(name, "empty bytes", ctor(b"").digest())
    for n in (1, 3, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 191, 192, 300):
        print(name, n, ctor(pattern[:n]).hexdigest())

# Feeding the same data in pieces gives the same digest as one call.
for name in ALGOS:
    ctor = getattr(hashlib, name)
    whole = ctor(pattern).digest()
    for step in (1, 5, 55, 63, 64, 65, 200):
        h = ctor()
        for i in range(0, len(pattern), step):
            h.update(pattern[i : i + step])
        print(name, "pieces of", step, h.digest() == whole)
    # The first piece can also come from the constructor.
    h = ctor(pattern[:10])
    h.update(pattern[10:])
    print(name, "ctor + update", h.digest() == whole)
    # Empty updates change nothing.
    h = ctor()
    h.update(b"")
    h.update(pattern)
    h.update(b"")
    print(name, "empty updates", h.digest() == whole)

# Long input: many blocks.
h = hashlib.sha256()
for i in range(100):
    h.update(b"abcd" * 25)
print("long", h.hexdigest())
print("a*1000 sha1", hashlib.sha1(b"a" * 1000).hexdigest())
print("a*1000 md5", hashlib.md5(b"a" * 1000).hexdigest())

# Any object with the buffer protocol is accepted.
data = b"buffer protocol"
ref = hashlib.sha256(data).hexdigest()
print(hashlib.sha256(bytearray(data)).hexdigest() == ref)
print(hashlib.sha256(memoryview(data)).hexdigest() == ref)
print(hashlib.sha256(memoryview(data)[3:8]).hexdigest() == hashlib.sha256(data[3:8]).hexdigest())
h = hashlib.md5()
h.update(bytearray(b"abc"))
h.update(memoryview(b"def"))
print(h.hexdigest() == hashlib.md5(b"abcdef").hexdigest())
arr = array("H", [1, 2, 3, 0xFFFF])
print(hashlib.sha1(arr).hexdigest() == hashlib.sha1(bytes(arr)).hexdigest())

# copy() gives an independent hash.
a = hashlib.sha256(b"common prefix ")
b = a.copy()
a.update(b"one")
b.update(b"two")
print(a.hexdigest() == hashlib.sha256(b"common prefix one").hexdigest())
print(b.hexdigest() == hashlib.sha256(b"common prefix two").hexdigest())

print(hashlib.sha256().digest_size, hashlib.sha1().digest_size, hashlib.md5().digest_size)
print(len(hashlib.sha256(b"x").digest()), len(hashlib.md5(b"x").hexdigest()))

# Things that are not buffers are refused.
for bad in ("text", 12, None, [1, 2]):
    for name in ALGOS:
        try:
            getattr(hashlib, name)(bad)
            print("accepted", bad)
        except TypeError:
            pass
    try:
        hashlib.sha256().update(bad)
        print("accepted", bad)
    except TypeError:
        print("TypeError", type(bad).__name__)
