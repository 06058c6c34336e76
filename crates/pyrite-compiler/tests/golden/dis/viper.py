# @micropython.viper: typed parameters are converted as the function starts,
# word arithmetic and pointer accesses get the viper opcodes, objects keep
# the ordinary ones.
@micropython.viper
def f(buf: ptr16, n: int, k: uint, o) -> int:
    s = 0
    for i in range(n):
        s += buf[i] * 3
        buf[i] = s
    p = ptr8(o)
    p[1] += 1
    return s + int(k << 2) + int(len(o))
