# cmath: the functions MicroPython provides, compared to CPython.
import cmath
print(cmath.pi, cmath.e)
def show(z):
    return "(%.6f, %.6f)" % (z.real, z.imag)
for z in [1j, -1, 1 + 1j, -2 - 3j, 0.5, 2, complex(0, -0.5)]:
    print(z, show(cmath.exp(z)), show(cmath.log(z)), show(cmath.log10(z)), show(cmath.sqrt(z)),
          show(cmath.sin(z)), show(cmath.cos(z)), "%.6f" % cmath.phase(z))
    r, p = cmath.polar(z)
    print("%.6f %.6f" % (r, p), show(cmath.rect(r, p)), show(cmath.log(z, 2)))
print(cmath.sqrt(-1), cmath.sqrt(4), cmath.sqrt(0j), cmath.phase(-1), cmath.phase(complex(-1, -0.0)), cmath.rect(1, 0))
print(cmath.isnan(complex(1, float("nan"))), cmath.isinf(complex(float("inf"), 0)), cmath.isfinite(1 + 1j))
try:
    cmath.log(0)
except ValueError as e:
    print("ValueError", e)
