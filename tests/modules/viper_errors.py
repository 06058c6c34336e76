# Compile-time type errors of @micropython.viper functions (ViperTypeError,
# NotImplementedError), raised when the function's source is compiled.


def check(src):
    try:
        exec(src)
        print("ok")
    except (SyntaxError, ViperTypeError, NotImplementedError) as e:
        print(type(e).__name__, e)


check("@micropython.viper\ndef f(x: uint, y: int):\n    z = x < y")
check("@micropython.viper\ndef f(x: int):\n    y = x\n    y = 'a'")
check("@micropython.viper\ndef f():\n    print(z)\n    z = 2")
check("@micropython.viper\ndef f(x: int) -> int:\n    return [x]")
check("@micropython.viper\ndef f(x: int):\n    return x")
check("@micropython.viper\ndef f() -> uint:\n    return 1")
check("@micropython.viper\ndef f(p: ptr8):\n    p[0] = None")
check("@micropython.viper\ndef f(x: float): pass")
check("@micropython.viper\ndef f(x: int):\n    yield x")
check("@micropython.viper\ndef f(x: int, y):\n    z = x * y")
check("@micropython.viper\ndef f(x: bool, y: int):\n    z = x + y")
check("@micropython.viper\ndef f(x: uint):\n    z = x % 3")
check("@micropython.viper\ndef f(p: ptr16):\n    while p:\n        pass")
check("@micropython.viper\ndef f(p: ptr16):\n    print(ptr8(4))")
check("@micropython.viper\ndef f():\n    raise")
# object values mix freely with each other, and words with words
check("@micropython.viper\ndef f(a, b, n: int, m: uint):\n    return (a + b, n * 2, m << 1, a[n], n // uint(3))")
check("@micropython.viper\ndef f() -> int:\n    return None")
print(ViperTypeError.__name__, issubclass(ViperTypeError, Exception))
