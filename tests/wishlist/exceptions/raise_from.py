# Explicit chaining, re-raise, and raising classes vs instances.
class AppError(Exception):
    pass
def load():
    try:
        int("x")
    except ValueError as e:
        raise AppError("load failed") from e
try:
    load()
except AppError as e:
    print(type(e).__name__, e.args, type(e.__cause__).__name__)
try:
    try:
        raise KeyError("a")
    except KeyError:
        raise
except KeyError as e:
    print("reraised", e.args)
try:
    raise IndexError
except IndexError as e:
    print("class raised", type(e).__name__, e.args)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("while handling")
except ValueError as e:
    print(e, type(e.__context__).__name__)
try:
    raise RuntimeError("x") from None
except RuntimeError as e:
    print(e.__cause__)
def reraise_later():
    try:
        raise OSError(2, "nope")
    except OSError as e:
        saved = e
    raise saved
try:
    reraise_later()
except OSError as e:
    print(type(e).__name__, e.args)
try:
    raise 42
except TypeError:
    print("TypeError")
