# MicroPython's const() with no import: the compiler folds the value and
# substitutes it for later standalone uses of the name.
A = const(10)
B = const(A * 3 + 1)
_P = const(7)
T = const((A, "s", b"b", None))
BIG = const(1 << 70)
BIG2 = const(BIG + A)
F = const(1 / 4)
N = const(-A)
PI2 = const(2 * math.pi)

print(A, B, _P, T, BIG, BIG2, F, N, PI2 > 6.28)
print("A" in globals(), "_P" in globals(), "BIG2" in globals())


def f():
    return A + _P


class C:
    X = const(5)
    _Y = const(6)

    def m(self):
        return X + _Y


print(f(), C.X, hasattr(C, "_Y"), C().m())
print(f"{_P} and {A + 1}")


# names that only look like a constant are left alone
class K:
    pass


K.A = 1
print(K.A, {"A": 2}["A"], getattr(K, "A"))


def check(src):
    try:
        exec(src)
        print("ok")
    except SyntaxError:
        print("SyntaxError")


check("Q = const(1)\nQ = 2")
check("Q = const(undefined_name)")
check("Q = const(1 // 0)")
check("Q = const(1 << -1)")
check("Q = const([1])")
check("Q = const(3)\nprint(Q)")
