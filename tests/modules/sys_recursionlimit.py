# sys.setrecursionlimit lowers the call depth allowed; getrecursionlimit
# reads it back.
import sys

old = sys.getrecursionlimit()
print(old >= 100)
sys.setrecursionlimit(60)
print(sys.getrecursionlimit())


def down(n):
    return down(n + 1)


try:
    down(0)
except RuntimeError:
    print("RuntimeError")


def depth(n):
    return n if n == 30 else depth(n + 1)


print(depth(0))
try:
    sys.setrecursionlimit(0)
except ValueError:
    print("ValueError")
sys.setrecursionlimit(old)
print(sys.getrecursionlimit() == old)
