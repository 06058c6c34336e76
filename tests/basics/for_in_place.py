# for loops over built-in sequences, mappings, sets and ranges iterate in
# place on the value stack; everything else through an iterator object.
for x in [1,2]: print(x)
for x in (1,2): print(x)
for x in "aé€b": print(x)
for x in b"ab": print(x)
for x in bytearray(b"ab"): print(x)
for x in range(5, -6, -3): print(x)
for x in range(0): print(x)
for x in {1: 2, 3: 4}: print(x)
for x in {5}: print(x)
for x in iter([7, 8]): print(x)
def f():
    for a in [1, 2, 3]:
        for b in "xy":
            if b == "y":
                break
            if a == 2:
                return a, b
    else:
        return None
print(f())
def g():
    for a in (1, 2):
        yield a
print(list(g()))
l = [1, 2, 3]
for x in l:
    if x == 1: l.append(4)
    print(x)
class L(list):
    def __iter__(self): return iter([9])
for x in L([1]): print(x)
for i, (a, b) in enumerate([(1, 2)]): print(i, a, b)
for x in range(2**62, 2**62 + 2): print(x)
for x in range(10**20, 10**20 + 2): print(x)

# An iterator made by hand, consumed part way by one loop and then another.
it = iter("abcdef")
for c in it:
    if c == "c":
        break
for c in it:
    print(c, end=" ")
print()
# Loops in a generator survive suspension.
def pairs(xs):
    for x in xs:
        for y in xs:
            yield x, y
print(list(pairs((1, 2))))
# Exceptions leave the loop cleanly.
def first_neg(xs):
    try:
        for x in xs:
            if x < 0:
                raise ValueError(x)
    except ValueError as e:
        return e.args[0]
print(first_neg([3, 1, -4, 1]))
# dict views and frozenset
for k, v in {"a": 1}.items():
    print(k, v)
for x in frozenset([5]):
    print(x)
for x in memoryview(b"AB"):
    print(x)
# while and for with else
for x in ():
    pass
else:
    print("else")
