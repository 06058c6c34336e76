# int() and %-formatting use __int__/__float__, and reject wrong result types.
class F:
    def __float__(self):
        return 2.5


class BadF:
    def __float__(self):
        return "x"


class BadI:
    def __int__(self):
        return None


print("%.2f" % F(), "%e" % F(), float(F()))
for f, x in ((float, BadF()), (int, BadI())):
    try:
        f(x)
    except TypeError:
        print("TypeError", f.__name__)
