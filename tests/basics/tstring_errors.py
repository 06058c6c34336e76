# t-string syntax errors (PEP 750): each source must fail to compile.
cases = [
    't"{}"',  # empty expression
    't"{ }"',
    't"}"',  # single brace
    't"a } b"',
    't"{"',
    't"{x"',
    't"{x!}"',  # bad conversions
    't"{x!z}"',
    't"{x!r x}"',
    't"{x=!"',
    't"{x:"',
    't"a" "b"',  # t-strings join only with t-strings
    '"a" t"b"',
    't"a" f"b"',
    't"a" b"b"',
    'bt"x"',  # no such prefixes
    'tb"x"',
    'ft"x"',
    'tf"x"',
    'ut"x"',
    't"{\\\\}"',  # a backslash outside a string in a field
    't"{x # c}"',
    't"\\xZZ"',  # bad escapes
    't"\\U00110000"',
    "t'unterminated",
    't"{@}"',
    't"{a b}"',
    't"" = 1',  # a t-string is no target
    'del t""',
    't"{yield}"',
]
for src in cases:
    try:
        compile(src, "<t>", "exec")
        print("compiled:", src)
    except SyntaxError:
        print("SyntaxError:", src)

# A malformed t-string's message.
for src in ('t"{}"', 't"}"', 't"{x"'):
    try:
        exec(src)
    except SyntaxError as e:
        print(e)

# Errors raised while evaluating a field propagate.
def boom():
    raise KeyError("k")
try:
    t"a{boom()}b"
except KeyError as e:
    print("KeyError", e)
try:
    t"{undefined_name}"
except NameError:
    print("NameError")
w = "bad"
try:
    t"{1:{w + 1}}"
except TypeError:
    print("TypeError in spec")
