# math: constants, functions, rounding to ints, and domain/range errors.
import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
for name in ["sqrt", "exp", "expm1", "log", "log2", "log10", "log1p", "cos", "sin", "tan", "acos", "asin",
             "atan", "cosh", "sinh", "tanh", "acosh", "asinh", "atanh", "fabs", "erf", "erfc", "gamma",
             "lgamma", "degrees", "radians"]:
    f = getattr(math, name)
    row = []
    for x in [0, 0.5, 1, 2, -1, -0.5, 10, 1000, math.inf, -math.inf, math.nan]:
        try:
            row.append("%.10g" % f(x))
        except ValueError:
            row.append("VE")
        except OverflowError:
            row.append("OE")
    print(name, " ".join(row))
print(math.log(8, 2), math.log(100, 10), math.pow(2, 10), math.pow(-8, 3), math.atan2(1, -1), math.hypot(3, 4))
print(math.copysign(3, -0.0), math.fmod(7, -3), math.fmod(-7, 3), math.fmod(5, math.inf))
print(math.frexp(8.0), math.frexp(0.0), math.frexp(-3.5), math.ldexp(0.75, 4), math.modf(3.25), math.modf(-2.5))
print(math.isfinite(1e308), math.isinf(-math.inf), math.isnan(math.nan), math.isnan(1))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(0.0, 1e-10, abs_tol=1e-9), math.isclose(1, 1.05, rel_tol=0.1))
print(math.floor(-1.5), math.ceil(-1.5), math.trunc(-1.5), math.floor(3), math.ceil(True), type(math.floor(2.5)).__name__)
print(math.factorial(0), math.factorial(10), math.factorial(20), math.gcd(12, 18), math.gcd(-4, 6, 10), math.gcd(), math.lcm(4, 6))
for call in ["math.sqrt(-1)", "math.log(0)", "math.log(-1)", "math.pow(0, -1)", "math.pow(-1, 0.5)", "math.exp(1000)",
             "math.fmod(1, 0)", "math.fmod(math.inf, 1)", "math.ldexp(1.0, 5000)", "math.factorial(-1)", "math.gamma(0)",
             "math.floor(math.inf)", "math.ceil(math.nan)", "math.log(1, 1)", "math.isclose(1, 1, rel_tol=-1)",
             "math.sqrt('x')", "math.factorial(1.5)", "math.trunc('x')"]:
    try:
        print(call, eval(call))
    except (ValueError, OverflowError, ZeroDivisionError, TypeError) as e:
        print(call, type(e).__name__, e if not isinstance(e, TypeError) else "")
class Rounder:
    def __floor__(self):
        return "floor"
    def __ceil__(self):
        return "ceil"
    def __trunc__(self):
        return "trunc"
class Floaty:
    def __float__(self):
        return 2.5
r = Rounder()
print(math.floor(r), math.ceil(r), math.trunc(r), math.floor(Floaty()), math.sqrt(Floaty()))
