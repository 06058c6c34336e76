# Chained comparisons evaluate each middle operand once and short-circuit.
calls = []
def f(x):
    calls.append(x)
    return x
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1 > 0, 1 == 1 == 1, 1 == 1 != 1)
print(f(1) < f(2) < f(3), calls)
calls.clear()
print(f(3) < f(2) < f(1), calls)
x = 5
print(0 <= x < 10, 0 <= x < 5, x in [5] in [[5]])
print(1 < 2 > 0 < 7, "a" < "b" < "c", [1] < [2] <= [2])
print(None is None is not False)
print((1, 2) < (1, 3), (1, 2, 3) > (1, 2), () < (0,))
print("abc" < "abd", "Z" < "a", "" < "a")
