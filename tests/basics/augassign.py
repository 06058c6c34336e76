# Augmented assignment on names, subscripts and attributes, in-place for mutables.
a = [1]
b = a
a += [2]
print(a, b, a is b)
t = (1,)
u = t
t += (2,)
print(t, u)
s = "ab"
s *= 3
print(s)
d = {"k": 1}
d["k"] += 10
d["k"] <<= 2
print(d)
class C:
    v = 5
c = C()
c.v -= 1
c.v **= 2
print(c.v, C.v)
l = [1, 2, 3]
l[1] *= 7
l[-1] |= 8
print(l)
n = 100
n //= 7; n >>= 1; n ^= 3; n &= 0xF
print(n)
f = 2.5
f /= 2; f %= 1
print(f)
