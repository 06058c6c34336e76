# Deeply nested and very long expressions compile as CPython's compiler
# takes them; nesting past the limit names it.


def run(src):
    g = {}
    try:
        exec(src, g)
        return g.get("x")
    except SyntaxError as e:
        return "SyntaxError: " + str(e.args[0])


print(run("x = " + "+".join(["1"] * 1001)))
print(run("x = " + "-" * 1000 + "5"))
print(run("x = " + "not " * 300 + "0"))
print(run("x = " + "~" * 301 + "0"))
print(run("f = " + "lambda: " * 300 + "7\nx = f" + "()" * 300))
print(run("def g():\n    return g\nx = g" + "()" * 1200 + " is g"))
print(run("x = " + "[" * 150 + "1" + "]" * 150 + "\nwhile isinstance(x, list): x = x[0]"))
print(run("x = " + "(" * 250 + "1" + ")" * 250))
print(run("x = " + "1 ** " * 300 + "2"))
