# Transcendental functions agree with CPython to the last bit on the unix
# port (both use the platform's C math library).
import math

xs = [0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 10.0, 0.7, 1e-5, 123.456]
for name in ("exp", "log", "log2", "log10", "log1p", "expm1", "sin", "cos", "tan",
             "atan", "sinh", "cosh", "tanh", "asinh", "sqrt", "erf", "erfc"):
    f = getattr(math, name)
    print(name, [repr(f(x)) for x in xs])
for x in (0.1, 0.5, 0.9, -0.3):
    print(repr(math.asin(x)), repr(math.acos(x)), repr(math.atanh(x)))
for x in (1.0, 1.5, 10.0):
    print(repr(math.acosh(x)))
print(math.exp(1) == math.e, repr(0.5 ** -0.5), repr(2.0 ** 0.5), repr(10.0 ** -3.3))
print(repr(math.atan2(1, 3)), repr(math.atan2(-2.5, 0.7)), repr(math.hypot(3.3, 4.4)))
print(repr(math.pow(1.1, 2.2)), repr(pow(7.5, 1.25)))
