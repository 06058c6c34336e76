# str operators: +, *, comparisons, indexing and slicing on UTF-8, repr escapes, encode/decode.
s = "añb☃c😀"
print(len(s), s[1], s[-1], s[3], s[1:4], s[::-1], s[::2], s[-3:], s[10:], list(s))
print(s.encode(), s.encode("utf-8").decode(), len(s.encode("utf8")))
for n in [-2, 0, 1, 3]:
    print(repr("ab" * n), repr(n * "é"), repr("" * n))
try:
    "x" * 10**30
except (MemoryError, OverflowError):
    print("too big")
try:
    "x" * 1.5
except TypeError:
    print("TypeError mult")
print("a" < "b", "a" < "aa", "B" < "a", "é" > "z", "abc" == "abc", "abc" != "abd", "" < "a")
print(sorted(["b", "é", "a", "B", "aa"]), max("hello"), min("héllo"))
try:
    "a" < 1
except TypeError:
    print("TypeError cmp")
print(repr("\x00\x1f\x7f\x80\xa0\xad é\u2028\U0001f600\ufeff'\"\\"))
print(ascii("é☃😀"), repr('it\'s'), repr("a'b\"c"))
try:
    "é".encode("ascii")
except UnicodeError:
    print("UnicodeError")
try:
    b"\xff".decode()
except UnicodeError:
    print("UnicodeError decode")
try:
    "x".encode("nonesuch")
except LookupError:
    print("LookupError")
print(b"a\xffb".decode("utf-8", "ignore"), repr(b"a\xffb".decode("utf-8", "replace")), str(b"xy", "ascii"))
print(str(), str("x"), str(object="y"), str(b"z", encoding="utf-8"), str(1.5), str([1, "a"]))
try:
    str("x", "utf-8")
except TypeError:
    print("TypeError decode str")
try:
    s[0] = "x"
except TypeError:
    print("TypeError assign")
print(hash("añb") == hash("añ" + "b"), "☃" in s, s.index("c"), s.count("😀"))
