# str.split/rsplit/splitlines/join/partition.
s = "  the quick  brown\tfox \n"
print(s.split(), s.split(" "), s.strip().split(" ", 2))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a,b,c".rsplit(",", 1))
print("".split(), "".split(","), "abc".split("abc"), "x".split("y"))
print("a::b::c".split("::"), "  lead".split(None, 1), "a b c".rsplit(None, 1))
print("l1\nl2\r\nl3\n".splitlines(), "l1\nl2".splitlines(True), "".splitlines())
print("-".join(["a", "b", "c"]), "".join([]), ", ".join("xyz"), "=".join(("k", "v")))
try:
    ",".join([1, 2])
except TypeError:
    print("TypeError")
print("key=value=x".partition("="), "novalue".partition("="), "a=b=c".rpartition("="))
print("no".rpartition("="))
words = "the cat sat on the mat".split()
print(len(words), words.count("the"), " ".join(reversed(words)))
try:
    "abc".split("")
except ValueError:
    print("ValueError")
