# Assignment expressions.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long", n)
print([y for x in data if (y := x * 2) > 6])
print(y)
it = iter(data)
total = 0
while (v := next(it, None)) is not None:
    total += v
print(total)
def f():
    return [(k := i) for i in range(3)], k
print(f())
print((a := 5) + a)
