# A \N{...} escape is not supported (there is no table of character names):
# compiling source that uses one raises NotImplementedError, as in MicroPython,
# not a SyntaxError.
for src in ('"\\N{LATIN SMALL LETTER A}"', 'f"x\\N{BULLET}"', 'r"\\N{BULLET}"'):
    try:
        print(repr(eval(src)))
    except NotImplementedError as e:
        print("NotImplementedError", e)
    except SyntaxError:
        print("SyntaxError")
