# open(): text and binary files, append, seek/tell, readinto, iteration, with, errors.
path = "/tmp/pyrite-io-files-%x.txt" % (id(object()) & 0xFFFFFF)

with open(path, "w") as f:
    print(f.write("first line\nsecond line\n"), f.tell())
    f.write("third\n")

with open(path, "a") as f:
    f.write("appended\n")

f = open(path)
print(f.read(5), repr(f.readline()))
print(f.readlines())
print(repr(f.read()), repr(f.readline()))
f.close()
f.close()
try:
    f.read()
except ValueError:
    print("ValueError on closed file")

with open(path, "rb") as f:
    print(f.read(6), f.tell(), f.seek(-9, 2), f.read())
    f.seek(0)
    buf = bytearray(5)
    print(f.readinto(buf), buf)
    print([len(l) for l in f])

with open(path, "r") as f:
    print([l.rstrip() for l in f])

with open(path, "w+b") as f:
    f.write(b"\x00\x01\x02abc")
    f.seek(0)
    print(f.read())

with open(path, "r") as f:
    try:
        f.write("no")
    except OSError:
        print("OSError writing a read-only file")

try:
    open("/nonexistent-dir/nofile.txt")
except OSError as e:
    print("OSError", e.errno)
try:
    open(path, "rw")
except ValueError:
    print("ValueError for a bad mode")
