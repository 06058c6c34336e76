# str split/rsplit/splitlines/partition/join/replace/strip, with maxsplit and keywords.
for s in ["  a b  c  ", "a,b,,c", "", "   ", "x", "ä ö\tü\n"]:
    print(s.split(), s.rsplit(), s.split(None, 1), s.rsplit(None, 1), s.split(maxsplit=0))
    print(s.split(","), s.rsplit(",", 1), s.split(",", 0), s.split(sep=",", maxsplit=2))
print("a--b--c".split("--"), "a--b--c".rsplit("--", 1), "--".split("--"))
print("1\n2\r\n3\r4\x0b5\x0c6\x1c7\u20288".splitlines())
print("1\n2\r\n3\r\n".splitlines(True), "x\n\n".splitlines(keepends=True), "\n".splitlines())
for s in ["a=b=c", "abc", "=", ""]:
    print(s.partition("="), s.rpartition("="))
try:
    "a".partition("")
except ValueError as e:
    print("ValueError", e)
print("-".join("abc"), "".join(["x", "y"]), ", ".join(iter(["p", "q"])), "é".join(["a", "b"]))
try:
    "-".join(["a", 2])
except TypeError as e:
    print("TypeError", e)
print("aaaa".replace("a", "b", 2), "abc".replace("", "-"), "abc".replace("", "-", 2), "".replace("", "x"))
print("ünï".replace("n", "N"), "abab".replace("ab", "", 1), "x".replace("x", "yy", 0))
for s in ["  hi  ", "xxhixx", "\t\n hi \r", "", "  ", "éaé"]:
    print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr(s.strip("xé")), repr(s.rstrip("x ")))
print(repr("abc".strip("")), repr("abc".strip(None)), "abcba".lstrip("ab"), "abcba".rstrip("ab"))
print("pre-fix".removeprefix("pre-"), "file.py".removesuffix(".py"), "x".removeprefix(""))
print("a\tb\tc".expandtabs(), "ab\tc".expandtabs(4), "x\ty\nab\tc".expandtabs(2))
