# Big-int arithmetic: promotion from small ints, signs, floor division, powers.
big = 2 ** 100
print(big, -big, big + 1, big - 1, big * big, -big * 3)
for a in [big, -big, 7 * big + 5, -(7 * big + 5)]:
    for b in [3, -3, big // 7, -(big // 7), 2 ** 64 + 1, -(2 ** 64 + 1)]:
        print(a // b, a % b, divmod(a, b) == (a // b, a % b), (a // b) * b + a % b == a)

# small-int overflow promotes instead of raising
m = 4611686018427387903
print(m + 1, -m - 2, m * m, m * -m, 2 ** 62, 2 ** 63, (-2) ** 63, 3 ** 80)
x = 9223372036854775807
print(x + 1, -x - 2, x * 2, abs(-x - 1), -(-x - 1))

# results that fit small ints come back small (so `is` still works)
y = (2 ** 80 + 5) - 2 ** 80
print(y, y == 5, type(y).__name__)
print((2 ** 70) // (2 ** 68), (2 ** 70) % 1000, (-(2 ** 70)) // (2 ** 69))

# factorial and fibonacci grow past any machine word
f = 1
for i in range(2, 60):
    f *= i
print(f, len(str(f)))
a, b = 0, 1
for _ in range(300):
    a, b = b, a + b
print(a, a % 1000000007)

# powers
print(7 ** 77, (-3) ** 41, pow(2, 200) == 1 << 200, 0 ** 0, (2 ** 70) ** 0, 1 ** (10 ** 30))
print(2 ** -2, (-1) ** (10 ** 20 + 1), (-1) ** (10 ** 20))

# comparisons across sizes and signs
vals = [-(2 ** 90), -(2 ** 64), -1, 0, 1, 2 ** 62, 2 ** 64, 2 ** 90]
print([vals[i] < vals[j] for i in range(len(vals)) for j in range(len(vals)) if i != j].count(True))
print(sorted([3 ** 50, -(2 ** 70), 5, 2 ** 70, -5]), max(2 ** 65, 2 ** 64), min(-(2 ** 65), 0))

# division by zero
for op in ["//", "%"]:
    try:
        eval("big " + op + " 0")
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
try:
    divmod(big, 0)
except ZeroDivisionError:
    print("ZeroDivisionError divmod")
