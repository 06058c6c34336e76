# Float arithmetic: floor division and modulo signs, inf/nan, negative zero, pow.
inf = float("inf")
nan = float("nan")
for a in [7.5, -7.5, 1.0, -1.0, 0.0, -0.0, 3]:
    for b in [2, -2, 0.5, -0.5, inf, -inf]:
        print(a, b, a // b, a % b, divmod(a, b))
for a, b in [(inf, 2.0), (nan, 1.0), (1.0, nan)]:
    print(a // b, a % b)
for op in ["1.0 / 0", "1.0 // 0.0", "1.0 % 0", "divmod(1.0, 0.0)", "0.0 ** -1", "10.0 ** 400"]:
    try:
        print(eval(op))
    except (ZeroDivisionError, OverflowError) as e:
        print(op, type(e).__name__)
print(2.0 ** 0.5, 4 ** 0.5, 2 ** -2, (-8.0) ** 2, (-2.0) ** 3, 0.0 ** 0, nan ** 0, 1.0 ** nan)
print(pow(0.0, inf), pow(0.0, -inf), pow(-1.0, inf), pow(2.0, -inf), pow(0.5, -inf))
print((-8) ** (1 / 3))
print(-0.0 + 0.0, -0.0 - 0.0, -0.0 * 1, 0.0 * -1, abs(-0.0), -(0.0))
print(inf - inf, inf * 0, nan == nan, nan != nan, inf == inf, -inf < inf)
print(1e308 * 10, -1e308 * 10, 5e-324 / 2)
x = 1.5
x += 1
x *= 2
x -= 0.5
x /= 2
x //= 0.5
x %= 3
x **= 2
print(x)
