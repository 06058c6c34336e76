# hashlib: as in MicroPython, a hash is final once digest() or hexdigest()
# has run; update, digest, hexdigest and copy then raise ValueError.
import hashlib

for name in ("sha256", "sha1", "md5"):
    ctor = getattr(hashlib, name)
    for finish in ("digest", "hexdigest"):
        h = ctor(b"data")
        first = getattr(h, finish)()
        print(name, finish, len(first))
        for again in ("digest", "hexdigest", "copy"):
            try:
                getattr(h, again)()
                print("no error from", again)
            except ValueError as e:
                print(again, "ValueError", e)
        try:
            h.update(b"more")
            print("no error from update")
        except ValueError as e:
            print("update ValueError", e)

# A copy taken before the digest stays usable.
h = hashlib.sha256(b"ab")
c = h.copy()
h.digest()
c.update(b"c")
print(c.hexdigest() == hashlib.sha256(b"abc").hexdigest())

# MicroPython's u-prefixed names reach the same modules.
import uhashlib, ubinascii, urandom, binascii, random

print(uhashlib.sha256 is hashlib.sha256, ubinascii.crc32 is binascii.crc32, urandom.seed is random.seed)
