# Float repr, str and format specs.
for x in [0.0, 1.0, -1.5, 0.1, 1 / 3, 100.0, 1e16, 1.5e-7, 123456789.125, 2.5e100, -0.0]:
    print(repr(x), str(x), "%.3f" % x, "%g" % x, format(x, ".4e"), format(x, "10.2f"))
print(float("inf"), -float("inf"), float("nan"), repr(float("inf")))
print(format(1.0, "g"), format(1e-5, "g"), format(123456.0, "g"), format(1234567.0, "g"))
print(format(3.0, ".0f"), format(2.5, ".0f"), format(0.125, ".2f"), format(0.375, ".2f"))
print(format(12.5, "%"), format(1 / 7, ".10f"), format(1e3, ",.1f"))
print(float("1e400"), float("-1e400"), 1e-400)
nan = float("nan")
print(nan == nan, nan != nan, nan < 1, float("inf") > 10 ** 300)
import math
print(math.isnan(nan), math.isinf(float("-inf")), math.floor(-1.5), math.ceil(1.2), math.sqrt(16))
print(math.pi, round(math.e, 5), math.fabs(-2), math.trunc(-3.7))
