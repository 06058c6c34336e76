def f():
    while x:
        try:
            a()
        except E as e:
            continue
        finally:
            break
    for i in y:
        try:
            pass
        finally:
            return i
    try:
        pass
    except:
        try:
            pass
        finally:
            return 3
def g():
    v = 1
    def h():
        del v
    with a as (b, c):
        return lambda q=v: q
class K:
    global gg
    gg = 1
    def m(self):
        nonlocal_test = [self for _ in ()]
x: int
async def ag():
    async with a:
        async for i in b:
            if i: break
            continue
        return 1
