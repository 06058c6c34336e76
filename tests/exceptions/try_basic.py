# try/except/else/finally flow.
def div(a, b):
    try:
        r = a / b
    except ZeroDivisionError:
        print("div by zero")
        return None
    else:
        print("ok")
        return r
    finally:
        print("finally", a, b)
print(div(1, 2))
print(div(1, 0))
for exc in [ValueError, KeyError, IndexError, TypeError, ZeroDivisionError]:
    try:
        raise exc("x")
    except (KeyError, IndexError) as e:
        print("lookup", type(e).__name__, isinstance(e, LookupError))
    except ArithmeticError as e:
        print("arith", type(e).__name__)
    except Exception as e:
        print("other", type(e).__name__, e.args)
try:
    pass
except Exception:
    print("no")
else:
    print("else runs")
try:
    try:
        raise ValueError("inner")
    finally:
        print("inner finally")
except ValueError as e:
    print("caught", e)
try:
    {}["k"]
except:
    print("bare except")
e = None
try:
    raise KeyError("k")
except KeyError as e:
    pass
try:
    e
except NameError:
    print("except-as name is cleared")
