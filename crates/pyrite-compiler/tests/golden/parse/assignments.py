a = b = c = 0
a, b = b, a
[a, (b, *c)] = 1, (2, 3, 4)
x.y = z[0] = w
*head, tail = items
for (i, j), k in pairs: pass
a += 1; b -= 2; c *= 3; d /= 4
e //= 5; f %= 6; g **= 7; h >>= 8
i <<= 9; j &= 10; k |= 11; l ^= 12; m @= n
obj.count: int = 0
table[key]: str
x = y = yield_value = 1,
