# Packages: __init__, submodules, relative imports, nested subpackages.
import pkg
print(pkg.VERSION, pkg.area(3, 4))
import pkg.util
print(pkg.util.mul(6, 7), pkg.util.NAME)
from pkg import core
print(core.area(2, 5), core.util is pkg.util)
from pkg.sub import square
print(square(9))
import pkg.sub as s
print(s.square(3), s.mul(2, 2))
from pkg.util import mul as m
print(m("ab", 3))
import pkg
print(pkg.__name__, pkg.core.__name__, pkg.sub.__name__)
