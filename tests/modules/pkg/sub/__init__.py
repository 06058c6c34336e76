# A nested subpackage.
from ..util import mul
def square(x):
    return mul(x, x)
