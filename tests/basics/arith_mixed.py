# Mixed int/float/bool arithmetic and comparisons.
print(1 + 2.0, 3 * 0.5, 7 / 7, 6 // 4.0, 2 ** 0.5 * 2 ** 0.5 > 1.99)
print(True + 1.5, False * 3.0)
print(1 == 1.0, 2 < 2.5, 3 >= 3.0, 10 ** 20 == 1e20)
print(10 ** 20 < 1e21, 2 ** 53 + 1 == float(2 ** 53 + 1))
print(int(1e15) + 1, 7 % 2.5, -7 % 2.5)
print(divmod(9, 2.5), divmod(-9, 2.5))
print(abs(-2) + abs(-2.5))
print(sum([1, 2.5, 3]), max([1, 2.5, 2]), min(3, 2.0))
print(sorted([3, 1.5, 2, 0.5, -1]))
print(round(5 / 2), round(7 / 2), 5 // 2.0)
vals = [0, 1, -1, 2.5, -2.5, 10 ** 12]
for v in vals:
    print(v, v * 2, v / 2, v // 2, v - 0.5)
