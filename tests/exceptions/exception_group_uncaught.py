# An uncaught exception group is printed as CPython prints it: the group's
# line, then each sub-exception in a numbered frame (nested groups inside
# their own frames). sys.tracebacklimit = 0 leaves out the file lines, whose
# source text CPython would print and Pyrite does not.
import sys

sys.tracebacklimit = 0


def fail(n):
    raise ValueError(n)


leaves = []
for i in range(2):
    try:
        fail(i)
    except ValueError as e:
        leaves.append(e)

many = ExceptionGroup("many", [IndexError(i) for i in range(17)])
deep = KeyError("deepest")
for i in range(12):
    deep = ExceptionGroup("level %d" % i, [deep])

try:
    try:
        raise ExceptionGroup(
            "top",
            leaves
            + [
                TypeError("plain"),
                ExceptionGroup("inner", [KeyError("k"), ExceptionGroup("innermost", [OSError("os")])]),
                BaseExceptionGroup("base", [ValueError("v")]),
                many,
                deep,
                RuntimeError("multi\nline"),
            ],
        )
    except* TypeError:
        print("TypeError handled; the rest is raised again")
except* IndexError:
    raise
