# Tracebacks name the file and line of every frame: functions, methods,
# lambdas, generators and class bodies of an imported module, and code
# compiled from a string under a file name of its own (exec, compile).
import sys


def frames(e):
    # (file name without its folder, line, function) of each entry, outermost first.
    if hasattr(sys, "print_exception"):
        import io

        buf = io.StringIO()
        sys.print_exception(e, buf)
        text = buf.getvalue()
    else:
        import traceback

        text = "".join(traceback.format_exception(type(e), e, e.__traceback__, chain=False))
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith('File "'):
            name, rest = line[6:].split('", line ', 1)
            name = name.split("/")[-1]
            if name in ("traceback_files.py", "<stdin>"):
                name = "main"  # this script (a board runs it as typed input)
            parts = rest.split(", in ")
            out.append((name, int(parts[0]), parts[1] if len(parts) > 1 else None))
    return out


def show(what, f, *args):
    try:
        f(*args)
        print(what, "no exception")
    except Exception as e:
        print(what, type(e).__name__, frames(e))


import _tb_files_mod as m

show("nested", m.outer, 5)
show("method", m.Box([1]).get)
show("staticmethod", m.Box.static)
show("lambda", m.fail_lambda)
show("generator", list, m.gen())
show("closure", m.closure(1), "a")
show("handler", m.handled)
show("made by the module", m.made)


def import_bad():
    import _tb_files_bad


show("class body at import", import_bad)

# Code compiled from a string, run in a dict of its own.
src = """
def f(n):
    def g(k):
        return [0][k]
    return g(n)

class K:
    def m(self):
        return f(3)
"""
g = {"__name__": "fmod"}
exec(compile(src, "f.py", "exec"), g)
show("exec nested", g["f"], 2)
show("exec method", g["K"]().m)
h = {"__name__": "smod"}
exec(src, h)
show("exec string", h["f"], 1)
# The module's functions still name their file after all that.
show("nested again", m.outer, 1)
