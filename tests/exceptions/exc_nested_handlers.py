# Nested try blocks, exceptions raised in except/finally, and unwinding through calls.
def level3():
    raise KeyError("deep")
def level2():
    try:
        level3()
    finally:
        print("level2 cleanup")
def level1():
    try:
        level2()
    except IndexError:
        print("wrong handler")
try:
    level1()
except KeyError as e:
    print("top caught", e.args)
try:
    try:
        raise ValueError("first")
    except ValueError:
        raise TypeError("second")
except TypeError as e:
    print("replaced:", e, type(e.__context__).__name__)
try:
    try:
        raise ValueError("a")
    finally:
        raise IndexError("b")
except IndexError as e:
    print("finally raise wins", e)
def depth(n):
    if n == 0:
        raise RuntimeError("bottom")
    try:
        depth(n - 1)
    except RuntimeError:
        if n % 10 == 0:
            print("rethrow at", n)
        raise
try:
    depth(30)
except RuntimeError as e:
    print("done", e)
count = 0
for i in range(1000):
    try:
        try:
            raise ValueError(i)
        except ValueError as e:
            count += e.args[0]
    except Exception:
        pass
print(count)
