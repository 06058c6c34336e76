a = x < y
b = x < y <= z
c = x in s and y not in s
d = x is None
e = 1 < x < 10 < y
