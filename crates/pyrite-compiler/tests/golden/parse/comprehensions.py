squares = [x * x for x in range(10)]
evens = {x for x in range(10) if x % 2 == 0 if x}
table = {k: v for k, v in items.items()}
pairs = [(a, b) for a in xs for b in ys if a != b]
total = sum(x for x in data)
nested = [[c for c in row] for row in grid]
lazy = (y async for y in aiter() if await y)
walrus = [y for x in data if (y := f(x)) is not None]
