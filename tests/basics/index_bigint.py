# Indexing any sequence with an int too big for a machine word is an
# IndexError (as CPython), never a crash or a TypeError.
for s in ([1, 2, 3], (1, 2), "abc", b"abc", bytearray(b"ab"), memoryview(b"abc"), range(5)):
    for i in (10**20, -(10**20), 2**64):
        try:
            s[i]
        except IndexError as e:
            print(type(s).__name__, "IndexError", e)
l = [1, 2, 3]
try:
    l[10**30] = 5
except IndexError as e:
    print("store IndexError", e)
