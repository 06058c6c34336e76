# Statements longer than the parser's token buffer: the parser drops tokens it
# has read, except those it may read again (a `with (...)` header it retries,
# adjacent string literals it joins).


class CM:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self.v

    def __exit__(self, *exc):
        return False

    def again(self, n):
        return CM(self.v + n)


# Tried first as a parenthesised list of items; the `.` after `)` sends the
# parser back to the start of the header.
with (CM(1) if 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 > 0 else CM(2)).again(3 + 4 + 5 + 6 + 7 + 8) as v:
    print("with retried", v)

with (CM(10) as a, CM(20 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10) as b, CM(30)):
    print("with items", a, b)

# Many adjacent literals, joined into one constant.
s = ("a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t"
     "u" "v" "w" "x" "y" "z" "0" "1" "2" "3" "4" "5" "6" "7" "8" "9")
print(s, len(s))
n = 7
t = (f"{n}" "-" f"{n * 2}" "-" "x" "y" "z" "w" "v" "u" "t" "s" "r" "q" "p" "o" "n" "m"
     f"{n * 3}")
print(t)
b = (b"ab" b"cd" b"ef" b"gh" b"ij" b"kl" b"mn" b"op" b"qr" b"st" b"uv" b"wx" b"yz"
     b"01" b"23" b"45" b"67" b"89")
print(b)

# A long display and a long call.
big = [i * 2 for i in range(3)] + [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                                   18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32]
print(len(big), sum(big))
print(max(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
          24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40))

# A generator expression that is not the only argument is a syntax error
# (the message is MicroPython's "invalid syntax" here, CPython's own there).
for src in ("f(x for x in y, 1)", "f(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, x for x in y)"):
    try:
        compile(src, "s", "exec")
    except SyntaxError as e:
        print(type(e).__name__)

# Many lambdas in one statement.
fs = [lambda: 0, lambda: 1, lambda: 2, lambda: 3, lambda: 4, lambda: 5, lambda: 6, lambda: 7,
      lambda: 8, lambda: 9, lambda: 10, lambda: 11, lambda: 12, lambda: 13, lambda: 14]
print([f() for f in fs])
