# Helper for module_getattr.py: a module whose __getattr__ makes some names.
present = "a real global"
calls = []


def __getattr__(name):
    calls.append(name)
    if name.startswith("made_"):
        return name[5:].upper()
    raise AttributeError("no " + name)
