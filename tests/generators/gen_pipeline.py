# Pipelines of generators and generator state queries.
def numbers(n):
    for i in range(n):
        yield i
def evens(it):
    for x in it:
        if x % 2 == 0:
            yield x
def scaled(it, k):
    for x in it:
        yield x * k
def take(it, n):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x
print(list(take(scaled(evens(numbers(100)), 3), 8)))
print(sum(scaled(evens(numbers(10000)), 2)))
def window(it, n):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) > n:
            buf.pop(0)
        if len(buf) == n:
            yield tuple(buf)
print(list(window(range(6), 3)))
def primes():
    found = []
    n = 2
    while True:
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n
        n += 1
p = primes()
print([next(p) for _ in range(20)])
def running(it):
    t = 0
    for x in it:
        t += x
        yield t
print(list(running(take(primes(), 10))))
gens = [numbers(3) for _ in range(3)]
print([list(g) for g in gens])
def interleave(*gs):
    gs = list(gs)
    while gs:
        for g in list(gs):
            try:
                yield next(g)
            except StopIteration:
                gs.remove(g)
print(list(interleave(numbers(3), iter("ab"), numbers(1))))
