# str.format and format_map: numbering, names, attributes, items, conversions, nested specs, errors.
class P:
    x = 3
    def __repr__(self):
        return "P()"
    def __str__(self):
        return "p"
print("{} {} {}".format(1, "a", None), "{1}{0}{1}".format("a", "b"), "{x}-{y}".format(x=1, y=2))
print("{0.x} {0!r} {0!s} {0!a} {1[0]} {1[k]} {2[1]}".format(P(), {0: "zero", "k": "kay"}, "ab"))
print("{:{}}|{:{}{}}".format("a", 4, "b", ">", 3), "{0:{1}.{2}f}".format(3.14159, 8, 2))
print("{{}} {{{}}} }}".format(5), "{!r:>6}".format("é"), "{:*^9}".format("mid"))
print("{a}{b}".format_map({"a": 1, "b": [2]}))
print("{name} is {0}".format("old", name="x"))
for fmt, args in [("{", ()), ("}", ()), ("{0", (1,)), ("{!", (1,)), ("{!x}", (1,)), ("{!rr}", (1,)),
                  ("{0}{}", (1, 2)), ("{}{0}", (1, 2)), ("{2}", (1,)), ("{}{}", (1,)), ("{a}", ()),
                  ("{0.}", (1,)), ("{0[}", (1,)), ("{:{:{}}}", (1, 2, 3)), ("{0[0]x}", ([1],))]:
    try:
        print(repr(fmt.format(*args)))
    except (ValueError, IndexError, KeyError) as e:
        print(fmt, type(e).__name__)
try:
    "{0}".format_map({})
except ValueError:
    print("ValueError format_map positional")
x, y = 10, "s"
print(f"{x}", f"{x!r:>4}", f"{y!r}", f"{x=}", f"{x + 1 = }", f"{x:{'>'}{5}}", f"{'a' 'b'}", f"{{x}}")
print(f"{3.14159:.2f} {x:#x} {x:08b} {-x:+} {y:^5}|")
