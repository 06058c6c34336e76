# Big products use Karatsuba when the heap has room for its scratch and the
# schoolbook method when not; both must give the same digits.
a = 3**4000 + 12345
b = 7**3000 - 99
p = a * b
print(p % 1000000007, p % 999999937, p.bit_length())
print((a * a) % 1000000009, (b * b * b) % 998244353)
# Unbalanced factors (the short one split into chunks).
c = 5**200 + 1
print((a * c) % 1000000007, (c * a) == (a * c))
# Check against a product built from parts: (x + y) * b == x*b + y*b.
x, y = a // 3, a - a // 3
print(x * b + y * b == p)
# A large power squares large numbers; its top bits.
print((3**20000) >> 31690, (3**20000).bit_length())
