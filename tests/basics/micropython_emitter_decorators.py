# MicroPython's code-emitter decorators are compile-time directives: they
# need no import, the function still runs, and unknown ones are SyntaxErrors.


@micropython.native
def add(a, b):
    return a + b


@micropython.viper
def count(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


@micropython.bytecode
def name():
    return "bytecode"


print(add(2, 3), count(10), name())
for src in ("@micropython.turbo\ndef f(): pass", "@micropython.a.b\ndef f(): pass"):
    try:
        exec(src)
    except SyntaxError:
        print("SyntaxError")
