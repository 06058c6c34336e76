# Bad patterns raise re.error; bad arguments TypeError; bad groups IndexError.
import re

for p in ["?", "*", "+", ")", "(", "[", "([)", "[a\\]", "a**", "a{3,2}", r"\q",
          "(?P<1>a)", "(?P<a>x)(?P<a>y)", r"(a)\2", r"(a\1)", "(?P=nope)", "[z-a]", r"\x4", "(?z)",
          "a(?i)b", "^*", "x|*", "(?P<n", "a{1,2}{3}", "[\\", "\\"]:
    try:
        re.compile(p)
        print(repr(p), "ok")
    except re.error:
        print(repr(p), "error")

for bad in [lambda: re.match("a", b"a"), lambda: re.match(b"a", "a"), lambda: re.match("a", 1),
            lambda: re.compile(1), lambda: re.sub("a", 1, "a")]:
    try:
        bad()
    except TypeError:
        print("TypeError")

m = re.match(r"(a)(?P<n>b)?", "a")
for g in [3, -1, "zz", 1.5]:
    try:
        m.group(g)
    except IndexError:
        print("IndexError", g)
for t in [r"\3", r"\g<zz>", r"\q", "\\"]:
    try:
        print(re.sub("(a)", t, "a"))
    except (re.error, IndexError):
        print("error", repr(t))
