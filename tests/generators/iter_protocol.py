# Iterator protocol from classes: __iter__/__next__, __getitem__ fallback, iter() sentinel.
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        i = 0
        while i < self.n:
            yield i
            i += 2
print(list(Range2(9)), 4 in Range2(9), 5 in Range2(9))
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * 10
print(list(Seq()), [x for x in Seq()], 20 in Seq())
class Fib:
    def __init__(self):
        self.a, self.b = 0, 1
    def __iter__(self):
        return self
    def __next__(self):
        r = self.a
        if r > 100:
            raise StopIteration
        self.a, self.b = self.b, self.a + self.b
        return r
print(list(Fib()))
f = Fib()
for x in f:
    if x > 10:
        break
print(next(f), next(f))
data = [5, 4, 3, 0, 2]
it = iter(data.pop, 0)
print(list(it), data)
a, b, *c = Range2(10)
print(a, b, c)
print(dict(zip(Range2(6), Seq())), sorted(Range2(5), reverse=True))
