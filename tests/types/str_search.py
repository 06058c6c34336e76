# str find/rfind/index/rindex/count with start/end, on ASCII and non-ASCII text.
for s in ["hello world", "ünïcødé ünï", ""]:
    for sub in ["", "l", "o", "ün", "ï", "zz", "d"]:
        print(repr(s), repr(sub), s.find(sub), s.rfind(sub), s.count(sub))
        for a, b in [(None, None), (1, None), (-3, None), (2, 5), (5, 2), (0, 100), (100, None), (-100, -1)]:
            print(" ", a, b, s.find(sub, a, b), s.rfind(sub, a, b), s.count(sub, a, b),
                  s.startswith(sub, a, b), s.endswith(sub, a, b))
print("abc".find("c", True), "abc".count("", 1, 2))
for f in ("index", "rindex"):
    try:
        getattr("abc", f)("d")
    except ValueError as e:
        print(f, "ValueError", e)
print("abcabc".index("c", 3), "abcabc".rindex("a", 0, 3))
for bad in [1, None, b"x"]:
    try:
        "abc".find(bad)
    except TypeError:
        print("TypeError", type(bad).__name__)
try:
    "abc".find("a", "x")
except TypeError:
    print("TypeError slice")
print("x".startswith(("a", "x")), "x".endswith(("a", "b")), "abc".startswith("bc", 1, 3))
try:
    "x".startswith(1)
except TypeError:
    print("TypeError startswith")
try:
    "x".endswith(("a", 1))
except TypeError:
    print("TypeError endswith tuple")
print("aaa" in "baaab", "" in "", "é" in "café", "x" not in "abc")
try:
    1 in "abc"
except TypeError:
    print("TypeError in")
