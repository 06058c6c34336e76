# help(obj), as MicroPython prints it: the object, its type, then its namespace.
help(len)
help(None)
help(type("A", (), {"x": 1}))
help(type("B", (), {"cm": classmethod(len)}))
help(type("C", (), {"sm": staticmethod(len)}))
help(type("D", (), {"t": (1, "a")}))
help(type("E", (), {}))
print("done")
