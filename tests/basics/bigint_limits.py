# Huge big-int requests fail with MemoryError (or OverflowError) quickly instead of hanging.
for expr in ["1 << 10 ** 10", "2 ** (10 ** 10)", "(2 ** 100) ** (10 ** 12)", "1 << (1 << 100)", "(10 ** 20).to_bytes(10 ** 12, 'big')"]:
    try:
        eval(expr)
        print("no error")
    except (MemoryError, OverflowError):
        print("too big:", expr)
# the interpreter keeps working afterwards
x = 3 ** 300
print(x % 1000003, len(str(x)))
