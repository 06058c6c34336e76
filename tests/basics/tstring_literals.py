# PEP 750 template string literals: prefixes, joining, strings and fields.
from string.templatelib import Template, Interpolation

name = "World"
t = t"Hello {name}!"
print(type(t).__name__, isinstance(t, Template))
print(t.strings, t.values)
print(t.interpolations)
i = t.interpolations[0]
print(type(i).__name__, i.value, i.expression, i.conversion, repr(i.format_spec))
print(t.interpolations[0] is t.interpolations[0])

# Prefixes, upper and lower case, raw combinations.
x = 1
for tt in (t"a{x}", T"a{x}", rt"\n{x}", tr"\n{x}", Rt"\t{x}", tR"\t{x}", RT"\\{x}"):
    print(repr(tt.strings[0]), tt.values)

# Empty and brace-only templates; escaped braces.
print(t"".strings, t"".interpolations)
print(t"{{x}}".strings, t"{{{x}}}".strings)

# Adjacent fields get empty strings between them.
print(t"{1}{2}{3}".strings)

# Implicit concatenation of t-strings makes one template.
y = 2
j = t"a{x}" t"b" t"{y}c"
print(j.strings, j.values)
j = t"" t""
print(j.strings)

# Expression text: leading space kept, trailing dropped; source text as written.
print(repr(t"{ x }".interpolations[0].expression))
print(repr(t"{x+y}".interpolations[0].expression))
print(repr(t"{'a' 'b'}".interpolations[0].expression), t"{'a' 'b'}".values)

# Conversions are stored, not applied; format specs are stored (nested
# fields in a spec are evaluated into it).
s = "text"
c = t"{s!r} {s!s} {s!a} {s:>8} {s!r:^{y + 3}}"
for k in c.interpolations:
    print(k.value, k.expression, k.conversion, repr(k.format_spec))

# Self-documenting fields.
d = t"{x=} {x = } {x=!s} {x=:>4}"
print(d.strings)
for k in d.interpolations:
    print(repr(k.expression), k.conversion, repr(k.format_spec))

# Nested quotes, nested templates and a t-string inside a field.
inner = t"in{x}"
o = t"out{inner}{t'n{y}'.values}{"q"}"
print(o.strings, o.values[1], o.values[2])
print(o.values[0] is inner)

# Values are evaluated each time, left to right.
log = []
def f(v):
    log.append(v)
    return v
for n in range(2):
    tn = t"{f(n)}-{f(n * 10)}"
print(log, tn.values)

# Triple-quoted t-strings.
m = t"""line1
{x}
line3"""
print(m.strings)
