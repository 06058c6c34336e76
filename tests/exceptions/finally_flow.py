# finally interacting with return, break and continue.
def ret_in_finally():
    try:
        return "try"
    finally:
        print("finally runs before return")
print(ret_in_finally())
def override():
    try:
        return 1
    finally:
        return 2
print(override())
def swallow():
    try:
        raise ValueError
    finally:
        return "swallowed"
print(swallow())
for i in range(5):
    try:
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
    finally:
        print("finally", i)
def nested():
    out = []
    for i in range(3):
        try:
            try:
                if i == 1:
                    return out
                out.append(i)
            finally:
                out.append("inner%d" % i)
        finally:
            out.append("outer%d" % i)
    return out
print(nested())
def loop_except():
    n = 0
    while True:
        try:
            n += 1
            if n > 3:
                raise StopIteration
        except StopIteration:
            break
        finally:
            print("tick", n)
    return n
print(loop_except())
def count_finally():
    c = 0
    for i in range(100):
        try:
            c += 1
        finally:
            c += 1
    return c
print(count_finally())
