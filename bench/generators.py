# Generator pipelines: chained lazy stages, generator expressions, yield from.
def source(n):
    for i in range(n):
        yield i
def mapped(it):
    for x in it:
        yield x * 3 + 1
def filtered(it):
    for x in it:
        if x % 5:
            yield x
def chunked(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield buf
            buf = []
    if buf:
        yield buf
def flatten(chunks):
    for c in chunks:
        yield from c
def run(n):
    total = 0
    for _ in range(4):
        total += sum(flatten(chunked(filtered(mapped(source(n))), 16)))
        total += sum(x & 7 for x in (y * y for y in range(n // 2)))
    return total
print(run(180000))
