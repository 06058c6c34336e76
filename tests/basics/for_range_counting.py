# `for x in range(...)` loops (compiled as a counting loop): bounds, steps,
# break/continue/else, returns through finally, argument errors, big ints.

for i in range(3):
    print(i, end=" ")
print()
for i in range(5, 0, -2):
    print(i, end=" ")
print()
for i in range(2, 2):
    print("never")
else:
    print("empty range runs else")
for i in range(10):
    if i == 3:
        break
else:
    print("not printed")
print("stopped at", i)


def nested():
    for i in range(10):
        for j in range(10):
            if j == 2:
                return i, j


print(nested())


def through_finally():
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                return "returned", i
        finally:
            print("finally", i)


print(through_finally())
for bad in (1.5, "3", None):
    try:
        for i in range(bad):
            pass
    except TypeError:
        print("TypeError for", type(bad).__name__)
try:
    for i in range(1, 5, 0):
        pass
except ValueError as e:
    print("ValueError:", e)
big = 2**62
for i in range(big - 2, big + 2):
    print(i)
for i in range(-big - 1, -big - 4, -1):
    print(i)
for i in range(True, 3):
    print("from bool", i)


class Three:
    def __index__(self):
        return 3


for i in range(Three()):
    print("index", i)
total = 0
for i in range(100000):
    total += i
print(total)
print([x * x for x in range(5)])
n = 3
for i in range(n):
    n = 0  # changing the bound inside the loop does not change the loop
    print("bound fixed", i)
