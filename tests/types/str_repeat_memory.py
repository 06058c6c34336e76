# Repeating text past the heap raises MemoryError (MicroPython's behaviour; CPython may succeed).
for big in (10**9, 2**61):
    for make in (lambda n: "x" * n, lambda n: n * "ab", lambda n: b"y" * n, lambda n: "z".center(n)):
        try:
            make(big)
            print("made")
        except MemoryError:
            print("MemoryError")
print(len("ok" * 3))
