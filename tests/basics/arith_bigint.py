# Arbitrary-precision integers: growth past machine words and back.
a = 2 ** 64
print(a, a - 1, a + 1, -a)
b = 3 ** 50
print(b, b * b, b // 7, b % 7)
f = 1
for i in range(1, 31):
    f *= i
print("30! =", f)
print(f // (2 ** 20), f % 1000003)
print(divmod(-f, 12345678901))
print(divmod(f, -12345678901))
big = 10 ** 30
print(big // 10 ** 29, big % (10 ** 15 + 7))
print((big + 1) - big, big - big, big * 0)
print(2 ** 100 > 2 ** 99, 2 ** 100 == 2 ** 100, -(2 ** 70) < 5)
print(1 << 100, (1 << 100) >> 98, -(1 << 80) >> 3)
print((2 ** 80 - 1) & 0xFFFF, (2 ** 80) | 1, (2 ** 65) ^ (2 ** 64))
print(~(2 ** 70))
print(hex(2 ** 72), oct(2 ** 40), bin(2 ** 33))
print(int("123456789012345678901234567890") * 2)
print(str(-98765432109876543210)[::-1])
print(abs(-(10 ** 25)), pow(7, 77, 10 ** 12 + 39))
print(sum(range(10 ** 6, 10 ** 6 + 100)) * 10 ** 20)
x = 12345678901234567890
print(x == 12345678901234567890, hash(x) == hash(12345678901234567890))
print(float(2 ** 60), int(1e20))
print(2 ** 63 - 1 + 1, -(2 ** 63) - 1)
