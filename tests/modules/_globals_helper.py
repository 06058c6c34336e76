# Imported by globals_per_module.py: globals() and exec() here see this
# module's namespace, not __main__'s.
X = 1


def setg(name, v):
    globals()[name] = v


def names():
    return sorted(k for k in globals() if not k.startswith("__"))


exec("Y = X + 1")
print("helper sees", names(), Y)
