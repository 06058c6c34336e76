# Set algebra with sets and other iterables as operands, and the errors.
a = {1, 2, 3, 4, 5}
print(sorted(a.intersection([5, 4, 4, 9], (4, 5, 6))), sorted(a.intersection(range(3))), sorted(a.intersection()))
print(sorted(a.difference([1], {2}, iter([3]))), sorted(a.union([9], {8}, [7])), sorted(frozenset(a).union([0])), type(frozenset(a).union([0])).__name__)
try:
    a.intersection([[1]])
except TypeError:
    print("TypeError")
try:
    a.union(5)
except TypeError:
    print("TypeError")
print(sorted(a - {1}), sorted(a & {1, 9}), sorted(a | {0}), a)
