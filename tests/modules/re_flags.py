import re

print(re.search(r"HELLO", "say hello", re.I).group())
print(re.search(r"[A-Z]+", "abcDEF", re.IGNORECASE).group())
print(re.search(r"(?i)straße", "STRASSE straße").span())
print(re.search(r"é", "É", re.I))
print(re.findall(r"^\w+", "one\ntwo\nthree", re.M))
print(re.findall(r"\w+$", "one\ntwo\nthree", re.MULTILINE))
print(re.findall(r"^\w+", "one\ntwo"))
print(re.search(r"a.b", "a\nb", re.S).span())
print(re.search(r"a.b", "a\nb"))
print(re.search(r"(?s)a.b", "a\nb").span())
print(re.search(r"(?m)^b", "a\nb").span())
print(re.search(r"""
   (\d+)   # number
   \s* - \s*
   (\w+)   # word
""", "x 12 - ab", re.X).groups())
print(re.compile("a", re.I | re.M).flags == re.I | re.M | re.U, re.compile(b"a").flags)
print(int(re.I), int(re.M), int(re.S), re.IGNORECASE == re.I, re.MULTILINE == re.M, re.DOTALL == re.S)
