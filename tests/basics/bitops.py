# Bitwise operators on small and negative ints.
for a, b in [(12, 10), (0, 5), (-12, 10), (255, -1), (-8, -3)]:
    print(a & b, a | b, a ^ b, ~a, a << 3, a >> 2)
print(1 << 62, 1 << 63, 1 << 64)
print(-1 >> 10, -1024 >> 3, 1024 >> 20)
print((0b1011).bit_length(), (0).bit_length(), (-255).bit_length(), (2 ** 100).bit_length())
x = 0
for i in range(0, 16, 3):
    x |= 1 << i
print(x, bin(x))
x &= ~(1 << 3)
print(x, bin(x))
x ^= 0xFFFF
print(x, hex(x))
print(True & False, True | False, True ^ True)
