# Package module with a relative import of a sibling.
from . import util
def area(w, h):
    return util.mul(w, h)
