# str case mapping, is-tests and padding.
for s in ["hello World", "ÉCOLE", "ß straße", "they're bill's", "123abc", "", "a1 B2", "ǅ"]:
    print(s.upper(), s.lower(), s.swapcase(), s.capitalize(), s.title(), s.casefold())
for s in ["abc", "ABC", "Abc", "123", "a1", "", " ", "\t\n", "Title Case", "é", "²", "½", "_x1", "1x", "ab c"]:
    print(repr(s), s.isalpha(), s.isdigit(), s.isdecimal(), s.isnumeric(), s.isspace(), s.isupper(),
          s.islower(), s.isalnum(), s.istitle(), s.isidentifier(), s.isascii(), s.isprintable())
for w in [-1, 0, 3, 4, 7, 8]:
    print(repr("abc".center(w)), repr("ab".center(w, "*")), repr("abc".ljust(w, ".")),
          repr("é".rjust(w, "ü")), repr("-42".zfill(w)), repr("+7".zfill(w)), repr("".zfill(w)))
try:
    "a".center(5, "ab")
except TypeError:
    print("TypeError fill")
try:
    "a".ljust("5")
except TypeError:
    print("TypeError width")
