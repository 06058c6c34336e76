# A long list display of constants is built from one constant tuple: each
# evaluation must still give a new, equal, independent list.
a = [1, 2.5, "x", None, True, (1, 2), -3, b"z", 10**30, "long string here", 5, 6, 7, 8, 9, 10, 11, 12]
b = [1, 2.5, "x", None, True, (1, 2), -3, b"z", 10**30, "long string here", 5, 6, 7, 8, 9, 10, 11, 12]
print(a, a == b, a is b)
a.append(0); print(len(a), len(b))
def f():
    return [i for i in range(3)] + [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
x = f(); x[0] = 99; print(f()[:4], x[:4])
print(frozenset([3, 1, 2]) == {1, 2, 3}, set((1, 1, 2)), len(set([])))
