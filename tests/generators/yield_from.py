# yield from delegation: values, send, return values, nesting.
def inner():
    x = yield "i1"
    print("inner got", x)
    y = yield "i2"
    print("inner got", y)
    return "inner-result"
def outer():
    r = yield from inner()
    print("outer got", r)
    yield "o1"
g = outer()
print(next(g))
print(g.send("A"))
print(g.send("B"))
print(list(g))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], "ab", range(3), (x * 10 for x in range(2)))))
def tree(node):
    if isinstance(node, list):
        for child in node:
            yield from tree(child)
    else:
        yield node
print(list(tree([1, [2, [3, [4, [5]]]], 6, [[7]]])))
def catcher():
    try:
        yield 1
        yield 2
    except KeyError:
        yield "caught in inner"
def delegating():
    yield from catcher()
    yield "after"
d = delegating()
print(next(d), d.throw(KeyError), next(d))
def sub(n):
    yield n
    return n * 2
def acc():
    t = 0
    for i in range(4):
        t += yield from sub(i)
    yield t
print(list(acc()))
