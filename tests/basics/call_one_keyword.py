# Calls with exactly one keyword argument (the compiler names it with one
# string rather than a tuple), beside calls with several.
def f(a, b=2, *, c=3):
    return (a, b, c)


print(f(1, b=5), f(1, c=7), f(a=9), f(1, b=5, c=6))


class C:
    def m(self, x, y=0):
        return x - y


o = C()
print(o.m(10, y=3), o.m(x=4), o.m(y=1, x=2))
print(sorted([3, 1, 2], key=lambda v: -v), int("101", base=2))
print("a", "b", sep="-")


def g(**kw):
    return sorted(kw.items())


long_name = "an_exceptionally_long_keyword_argument_name_beyond_thirty_two"
print(g(an_exceptionally_long_keyword_argument_name_beyond_thirty_two=1))
print(g(**{long_name: 2}), g(k=1), g(k=1, j=2))

try:
    f(1, d=4)
except TypeError:
    print("TypeError")
try:
    f(1, a=4)
except TypeError:
    print("TypeError")
