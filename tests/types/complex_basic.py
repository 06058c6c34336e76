# complex: construction, repr, arithmetic mixed with int/float, errors.
for z in [1j, -1j, 2 + 3j, 1.5 - 0.5j, complex(0, 0), complex(-0.0, 0), complex(0, -0.0), complex(1, -0.0),
          complex(1e16, 1e-7), complex(float("inf"), float("nan")), complex(-2), -(1 + 1j), 3j * 0]:
    print(repr(z), str(z), z.real, z.imag)
z = complex(3, 4)
w = 1 - 2j
print(z + w, z - w, z * w, z / w, z ** 2, z ** -1, z ** 0.5, w ** w)
print(z + 1, 1 + z, z - 1.5, 1.5 - z, z * 2, 2 * z, z / 2, 2 / z, 2 ** z, z ** 2.0)
print(abs(z), abs(-3j), -z, +z, z.conjugate(), bool(0j), bool(1e-300j))
print(z == complex(3, 4), z == 3, complex(3, 0) == 3, complex(3, 0) == 3.0, 1j == 1j, z != w, 1 == 1 + 0j)
print(hash(complex(2, 0)) == hash(2), hash(1 + 2j) == hash(complex(1, 2)))
print(1j * 1j, (1 + 1j) ** 2, 2j ** 2, 0j ** 0, (1 + 2j) ** 3)
print(complex("1+2j"), complex("  (-1.5e2-3J) "), complex("j"), complex("-j"), complex("+1.5j"), complex("7"))
print(complex(1, 2), complex(1.5), complex(True), complex(1j, 1j), complex(real=2, imag=3), complex())
for bad in ["1+", "1 + 2j", "j1", "(1+2j", "", "1+2jj", "abc"]:
    try:
        complex(bad)
    except ValueError as e:
        print(repr(bad), "ValueError", e)
for op in ["z < w", "z // 2", "z % 2", "int(z)", "float(z)", "complex('1', 2)", "complex([])"]:
    try:
        eval(op)
    except TypeError:
        print(op, "TypeError")
for op in ["z / 0", "z / 0j", "0j ** -1", "0j ** 1j"]:
    try:
        eval(op)
    except ZeroDivisionError:
        print(op, "ZeroDivisionError")
class C:
    def __complex__(self):
        return 2 + 5j
print(complex(C()), isinstance(1j, complex), type(1j).__name__)
