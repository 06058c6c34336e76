# Helper for traceback_files.py: fails while it is imported, in a class body.
x = 1


class Bad:
    y = x + 1
    z = y / 0
