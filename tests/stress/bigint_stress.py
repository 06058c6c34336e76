# Big integer arithmetic in loops: factorials, powers, division round-trips.
f = 1
for i in range(1, 401):
    f *= i
s = str(f)
print(len(s), s[:20], sum(int(c) for c in s))
p = 3 ** 1000
q = 7 ** 300
print(p // q % 1000000, p % q % 1000000, (p // q) * q + p % q == p)
a, b = 0, 1
for _ in range(1000):
    a, b = b, a + b
print(len(str(a)), a % 10 ** 12)
x = 1
for i in range(200):
    x = x * 1000003 + i
    x ^= x >> 17
print(x.bit_length(), x % 999983)
print(pow(2, 4000, 10 ** 50 + 151))
