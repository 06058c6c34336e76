# enumerate, zip, map, filter and reversed are lazy types; iter(f, sentinel).
def naturals():
    n = 0
    while True:
        yield n
        n += 1

e = enumerate(naturals(), 5)
print(next(e), next(e), type(e).__name__)
z = zip(naturals(), "abc")
print(list(z))
m = map(lambda a, b: a * b, naturals(), [3, 4, 5])
print(list(m), isinstance(m, map))
f = filter(None, [0, 1, "", "x", [], [2]])
print(list(f))
print(list(filter(lambda x: x % 3 == 0, range(10))))
r = reversed([1, 2, 3])
print(next(r), list(r))
print(list(reversed(range(5))), list(reversed("abc")), list(reversed((1, 2))))
print(list(reversed({"a": 1, "b": 2})))
print(list(enumerate(iterable="xy", start=1)))

# Side effects happen only as items are asked for.
def noisy():
    for i in range(3):
        print("make", i)
        yield i
m = map(str, noisy())
print("created")
print(next(m))
print(list(m))

# A StopIteration value survives next() through the lazy types.
class Stopper:
    def __iter__(self):
        return self
    def __next__(self):
        raise StopIteration(7)
for make in (lambda: Stopper(), lambda: map(abs, Stopper()), lambda: zip(Stopper())):
    try:
        next(make())
    except StopIteration as ex:
        print("stop", ex.args)

# Subclassing the lazy types.
class Plus(map):
    pass
print(list(Plus(lambda x: x + 1, [1, 2])))

# iter(callable, sentinel)
data = [1, 2, 3, 0, 9]
print(list(iter(data.pop, 3)), data)
counter = iter([4, 5, 6, None, 7]).__next__
print(list(iter(counter, None)))
