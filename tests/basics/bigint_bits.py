# Bitwise operators and shifts on big ints, with Python's semantics for negatives.
vals = [0, 1, -1, 5, -5, 2 ** 64 - 1, -(2 ** 64), 2 ** 100 + 12345, -(2 ** 100) - 12345, 3 ** 60, -(3 ** 60)]
acc = 0
for a in vals:
    for b in vals:
        r = (a & b, a | b, a ^ b)
        acc = (acc * 31 + r[0] * 7 + r[1] * 11 + r[2] * 13) % 1000000007
        if a == 2 ** 100 + 12345 or b == -(3 ** 60):
            print(a & b, a | b, a ^ b)
print(acc)
for a in vals:
    print(~a, a >> 3, a >> 70, a << 5, a << 100 >> 100 == a, a >> 1000)
print(1 << 200, -1 << 130, (2 ** 130 - 1) >> 129, -(2 ** 130) >> 129, -(2 ** 130 + 1) >> 129)
print((2 ** 100).bit_length(), (-(2 ** 100)).bit_length(), (2 ** 100 - 1).bit_length(), (0).bit_length())
try:
    1 << -1
except ValueError as e:
    print("ValueError", e)
try:
    (2 ** 70) >> -(2 ** 70)
except ValueError as e:
    print("ValueError", e)
print(0 << (2 ** 70), 5 >> (2 ** 70), -5 >> (2 ** 70))
