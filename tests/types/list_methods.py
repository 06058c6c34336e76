# list methods.
l = [3, 1, 2]
l.append(4); l.extend([5, 6]); l.extend(range(7, 9)); l.insert(0, 0); l.insert(100, 99); l.insert(-1, 98)
print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(2)
print(l, l.index(5), l.count(3), 4 in l, 42 in l)
try:
    l.remove(42)
except ValueError:
    print("ValueError")
try:
    [].pop()
except IndexError:
    print("IndexError")
l.reverse(); print(l)
l.sort(); print(l)
c = l.copy(); c.clear(); print(c, l)
print([1, 2] + [3], [0] * 3, [[]] * 2, [1, 2] * 0)
print([1, 2, 3] == [1, 2, 3], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] == [])
m = [1, 2, 3, 4, 5, 6]
print(m.index(4, 2), m[-2], len(m), list("ab"), list((1, 2)), list({1: 2}))
nested = [[1], [2]]
shallow = nested.copy()
shallow[0].append(9)
print(nested)
x = [1, 2, 3]
x[1:1] = [7, 8]
print(x)
x[:] = []
print(x)
print(sorted([5, 2, 9], reverse=True), list(reversed([1, 2])))
