# Deeply nested or huge patterns raise an exception; none crashes.
import re

for n in (10, 1500):
    for k in range(5):
        # one pattern at a time (they are large for a small heap)
        p = ("(", "(?:", "(", "(?=", "(?:a|")[k] * n + ("a", "a", "", "a", "b")[k] + (")" * n if k != 2 else "")
        try:
            r = re.compile(p)
            print(n, "compiled", r.match("a") is not None)
        except (re.error, RecursionError, MemoryError):
            print(n, "error")
        p = r = None
r = re.compile("a{1000}")
print(r.match("a" * 1000) is not None, r.match("a" * 999))
# Long subjects need no deep native stack either.
s = "ab" * 1000
print(len(re.match("(?:ab)*", s).group()))
print(len(re.match("(a|b)*", s).group()))
print(re.search("(ab)+$", s).span())
print(len(re.findall("a", s)))
print(len(re.sub("b", "", s)))
