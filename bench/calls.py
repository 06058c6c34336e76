# Call-heavy: recursive fib and many small function calls with varied arguments.
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
def add(a, b=1):
    return a + b
def kw(a, *, k=2):
    return a * k
def star(*args):
    return len(args)
def run(n):
    t = 0
    for i in range(n):
        t = add(t, i & 3)
        t = add(t)
        t += kw(i & 1, k=3) + star(i, t)
    return t
print(fib(27), run(300000))
