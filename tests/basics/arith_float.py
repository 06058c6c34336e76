# Floating point: operations, conversions and repr of simple results.
print(1.5 + 2.25, 1.5 - 2.25, 1.5 * 4, 7.0 / 2, 7.0 // 2, 7.5 % 2)
print(-7.5 // 2, -7.5 % 2, divmod(7.5, 2))
print(0.1 + 0.2, 1 / 3, 2 / 3, 10 / 4)
print(1e10, 1e16, 1e-5, 1.0e-10, 123.456e2)
print(float("3.25"), float("-0.5"), float("1e3"), float("  2.5  "))
print(float("inf"), float("-inf"), float("nan"))
print(2.0 ** 0.5, 4 ** 0.5, 2 ** -2)
print(abs(-3.5), round(3.14159, 2), round(2.675, 1), round(-1.5))
print(int(2.999), int(-0.5), float(7))
print(3.0 == 3, 0.5 < 1, 1.0 != 1.0)
print(-0.0, 0.0 == -0.0, 1.0 / 8)
print(max(1.5, 2), min(-1, -1.5))
print((1.5).is_integer(), (2.0).is_integer())
x = 1.0
for _ in range(10):
    x = x * 1.5 + 0.25
print(round(x, 6))
print(sum([0.5, 0.25, 0.125]))
print(float(10 ** 20), 1e300 * 1e10)
print(5e-324 > 0, 1.7976931348623157e308)
print(round(1234.5678, -2), round(0.5), round(1.5))
