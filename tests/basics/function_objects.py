# Functions made from the same code: each `def` run makes a new function
# with its own attributes; globals, names and calls behave the same for the
# first one made and for later ones.
def make(n):
    def inner(x):
        return x + 1

    fs = []
    for i in range(n):

        def each(y):
            return y * 2

        fs.append(each)
    return inner, fs


a1, fs1 = make(3)
a2, fs2 = make(2)
print(a1 is a2, a1 == a2, a1(1), a2(2))
print(len(set(id(f) for f in fs1 + fs2)), [f(3) for f in fs1 + fs2])
print(fs1[0] is fs1[1], fs1[0].__name__, fs2[1].__name__)
print(type(a1) is type(a2), type(fs1[0]) is type(fs2[0]), type(make) is type(a1))
a1.tag = "first"
a2.tag = "second"
print(a1.tag, a2.tag, hasattr(fs1[0], "tag"))
print(a1.__globals__ is globals(), a2.__globals__ is globals())
print(a1.__module__, a2.__module__)
d = {}
d[a1] = 1
d[a2] = 2
print(len(d), d[a1], d[a2])


def top():
    return "top"


print(top(), top.__name__, callable(top), repr(top).startswith("<function top"))
# A function made from an existing function's code runs in the globals given.
g = {"k": 41}
exec("def h():\n    return k + 1\n", g)
print(g["h"](), type(g["h"])(g["h"].__code__, {"k": 1})())
# Lambdas made in a loop are distinct too.
ls = [lambda: i for i in range(3)]
print(len(set(map(id, ls))), [f() for f in ls])
# Generators and coroutine functions made more than once.
def gens():
    out = []
    for i in range(2):

        def g():
            yield i

        out.append(g)
    return out


print([list(f()) for f in gens()], gens()[0] is gens()[0])
