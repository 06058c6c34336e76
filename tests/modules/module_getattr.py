# A module-level __getattr__ (PEP 562) supplies the attributes a module
# lacks: plain access, from-import, getattr with a default and hasattr; the
# module's real globals never reach it.
import _lazy_mod as m

print(m.present)
print(m.made_thing, m.made_thing)
from _lazy_mod import made_other

print(made_other)
print(getattr(m, "missing", "default"))
print(hasattr(m, "missing"), hasattr(m, "made_x"))
try:
    m.absent
except AttributeError as e:
    print("AttributeError", e)
# (CPython's from-import also asks for __path__.)
print([c for c in m.calls if not c.startswith("__")])
