# string.templatelib: Template and Interpolation objects, their constructors,
# operations and errors (PEP 750, Python 3.14).
from string.templatelib import Template, Interpolation, convert
import string.templatelib as tl

print(tl.Template is Template, tl.Interpolation is Interpolation)

# Template(*args): strings join, an empty string goes between interpolations.
a, b = Interpolation(1, "a"), Interpolation(2, "b", "r", ">3")
print(Template())
print(Template("x", "y", a, b, "z", "w"))
print(Template(a).strings, Template(a, a).strings)
t = Template("p", a, "q")
print(t.interpolations[0] is a)
for bad in ((1,), ("s", 2.5), (None,), (t,)):
    try:
        Template(*bad)
    except TypeError:
        print("TypeError", type(bad[-1]).__name__)
try:
    Template(strings=("a",))
except TypeError:
    print("TypeError kwargs")

# Interpolation(value, expression='', conversion=None, format_spec='').
print(Interpolation(5))
print(Interpolation(5, "n", None, "04d"))
print(Interpolation(value=5, format_spec="x", expression="e", conversion="s"))
i = Interpolation([1], "lst", "a")
print(i.value, i.expression, i.conversion, i.format_spec == "")
print(Interpolation.__match_args__)
print(i.__match_args__)
for bad in ((1, 2), (1, "e", "x"), (1, "e", "rr"), (1, "e", 3), (1, "e", None, 4)):
    try:
        Interpolation(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
for bad in ((), (1, "e", None, "", 5)):
    try:
        Interpolation(*bad)
    except TypeError:
        print("TypeError", len(bad))
try:
    Interpolation(1, bogus=2)
except TypeError:
    print("TypeError bogus")

# Attributes are read-only.
for obj, attr in ((i, "value"), (i, "expression"), (t, "strings"), (t, "values")):
    try:
        setattr(obj, attr, 0)
    except AttributeError:
        print("AttributeError", attr)

# Concatenation: templates only.
x = 1
c = t"a{x}b" + t"c{x + 1}d"
print(c.strings, c.values)
print((Template() + Template()).strings)
c += t"!"
print(c.strings)
for other in ("s", 1, None, [t]):
    try:
        t + other
    except TypeError:
        print("TypeError", type(other).__name__)
    try:
        other + t
    except TypeError:
        print("TypeError r", type(other).__name__)
for op in ("t * 2", "t - t", "t < t", "t[0]", "len(t)"):
    try:
        eval(op)
    except TypeError:
        print("TypeError", op)

# Iteration: strings and interpolations in order, empty strings left out.
print(list(t"{1}{2}"))
print([type(p).__name__ for p in t"a{x}{x}b"])
for part in Template("s", a, "", b):
    print(repr(part))
it = iter(t"z")
print(next(it))
try:
    next(it)
except StopIteration:
    print("StopIteration")

# str() and format() of a template are its repr (Template has no __str__).
print(str(t"a{x!r:>2}"))
print(f"{t'{x}'}")

# convert(): f-string conversion semantics.
print(convert("é", None), convert("é", "s"), convert("é", "r"), convert("é", "a"))
try:
    convert(1, "x")
except ValueError as e:
    print("ValueError", e)

# Templates compare by identity and are hashable by identity.
t1, t2 = t"a", t"a"
print(t1 == t1, t1 == t2, t1 != t2)
print(len({t1, t2, t1}))
