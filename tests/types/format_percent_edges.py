# Edges of % and format() found by comparing with CPython: '%' after flags,
# a width or a key is an unsupported conversion; %d of NaN is a ValueError;
# '#' without a type keeps a point in the float; 'z' is refused for strings
def t(f, v):
    try:
        print(repr(f), repr(f % v))
    except (TypeError, ValueError, OverflowError) as e:
        print(repr(f), type(e).__name__, e)


for f, v in (("%%", ()), ("%5%", 5), ("%-%", 1), ("%(a)%", {"a": 1}), ("%.2%", 1),
             ("%5%", ()), ("a%%b%d", 3), ("%d", float("nan")), ("%i", float("-nan")),
             ("%d", float("-inf")), ("%x", float("nan")), ("%u", float("inf"))):
    t(f, v)
for v, s in ((5e-324, "#"), (1e22, "#"), (1.5, "#"), (3.0, "#"), (float("inf"), "#"),
             (1e16, "#20"), (-1e16, "#020,"), (1e-7, "^#12"), ("ab", "z5"), ("ab", "z"),
             (1, "z"), (-0.0, "z"), (-0.0, "z.1f")):
    try:
        print(repr(s), repr(format(v, s)))
    except ValueError as e:
        print(repr(s), "ValueError", e)
