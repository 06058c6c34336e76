# find/rfind/index/rindex/count/replace and the in operator.
s = "abracadabra"
print(s.find("bra"), s.find("bra", 2), s.find("zzz"), s.rfind("bra"), s.rfind("a", 0, 5))
print(s.index("cad"), s.rindex("a"), s.count("a"), s.count("bra"), s.count(""), s.count("a", 4))
try:
    s.index("q")
except ValueError:
    print("ValueError")
print(s.replace("a", "A"), s.replace("a", "", 2), s.replace("bra", "-"), s.replace("", "|")[:10])
print(s.replace("zz", "y") == s, "aaa".replace("a", "aa"))
print("cad" in s, "dac" in s, "" in s, "a" not in "bcd")
print(s.find(""), s.find("", 20), s.find("a", -3), s[s.find("c"):])
print("hello world hello".replace("hello", "bye", 1))
print("x".join(s.split("a")) == s.replace("a", "x"))
