for i in range(10):
    if i % 2 == 0:
        continue
    elif i > 7:
        break
    else:
        pass
else:
    print("no break")

while True:
    break
else:
    pass

try:
    x = 1 / 0
except ZeroDivisionError as e:
    raise ValueError("bad") from e
except (TypeError, KeyError):
    raise
except:
    pass
else:
    pass
finally:
    del x

try:
    pass
finally:
    pass

with open("a") as f, open("b") as g:
    pass
with (
    open("a") as f,
    open("b"),
):
    pass

assert x > 0, "x must be positive"
global counter
if (n := len(data)) > 10: print(n)
try:
    f()
except* ValueError as e:
    g(e)
except *(KeyError, OSError):
    pass
else:
    h()
finally:
    i()
