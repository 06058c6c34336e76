a = [x * 2 for x in range(10) if x % 2]
b = {x for x in y}
c = {k: v for k, v in items}
d = (x for x in y)
e = [(x, y) for x in xs for y in ys if x != y]

def f(n):
    return [i * n for i in range(n)]

def walrus(data):
    if any((hit := x) > 5 for x in data):
        return hit
