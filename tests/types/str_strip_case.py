# strip family, case conversion, padding and predicates.
print(repr("  hi  ".strip()), repr("  hi  ".lstrip()), repr("  hi  ".rstrip()))
print("xxhixx".strip("x"), "abcba".strip("ab"), "\t\n hi \r".strip(), "hi".strip(""))
print("Hello World".lower(), "Hello World".upper(), "MiXeD 123".lower(), "ß".upper())
print("abc".center(9, "*"), "abc".ljust(6, "."), "abc".rjust(6), "42".zfill(5), "-42".zfill(6))
for s in ["abc", "ABC", "123", "a1", "", " ", "\t\n", "Abc", "12.5"]:
    print(repr(s), s.isalpha(), s.isdigit(), s.isspace(), s.isupper(), s.islower(), s.isalnum())
print("hello".startswith("he"), "hello".startswith("lo", 3), "hello".startswith(("x", "h")))
print("hello".endswith("llo"), "hello".endswith("he", 0, 2), "hello".endswith(("a", "b")))
