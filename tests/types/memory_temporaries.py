# Text built from data that fits in the heap but would come out larger than the
# whole heap: MemoryError, which the program catches and carries on after
# (MicroPython's behaviour on a small heap; CPython has room and succeeds).
piece = "abc," * 750
many = [piece] * 1000


def attempt(name, f):
    try:
        r = f()
        print(name, "made", len(r))
    except MemoryError:
        print(name, "MemoryError")


attempt("repr list", lambda: repr(many))
attempt("str tuple", lambda: str(tuple(many)))
attempt("repr dict", lambda: repr({1: many, 2: many}))
attempt("join", lambda: "".join(many))
attempt("bytes join", lambda: b"-".join([piece.encode()] * 1000))
attempt("replace", lambda: piece.replace(",", "x" * 3000))
attempt("format width", lambda: "{:>5000000}".format("x"))
attempt("format int width", lambda: format(7, "^5000000"))
attempt("percent width", lambda: "%5000000d" % 7)
attempt("percent prec", lambda: "%.5000000d" % 7)
attempt("percent s", lambda: "%-5000000s|" % "y")
attempt("ljust", lambda: "q".ljust(5000000))
attempt("zfill", lambda: "1".zfill(5000000))
attempt("expandtabs", lambda: ("\t" * 1000).expandtabs(5000))
attempt("json", lambda: __import__("json").dumps(many))
many = None
# The heap is still usable afterwards.
print(repr(list(range(5))), "-".join("abc"), "a,b".split(","))
