# A package for import_star_all.py: __all__ names one lazily supplied name.
__all__ = ["shown", "lazy"]


def shown():
    return "shown"


def hidden():
    return "hidden"


def __getattr__(name):
    if name == "lazy":
        return "made lazily"
    raise AttributeError(name)
