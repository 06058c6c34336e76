# complex numbers.
z = complex(3, 4)
print(z, z.real, z.imag, abs(z), z.conjugate(), -z)
w = 1 - 2j
print(z + w, z - w, z * w, z / w, z * 2, 2 + z, z == complex(3, 4), 1j * 1j)
print(repr(1j), repr(-1j), repr(complex(0, 0)), repr(complex(1.5, -0.5)), 2j ** 2)
print(complex("1+2j"), complex(2), complex(1.5))
try:
    z < w
except TypeError:
    print("TypeError")
print(abs(3j), (1 + 1j) ** 2, 1j == 1j, z != w)
