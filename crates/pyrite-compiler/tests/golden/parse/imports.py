import os
import os.path as osp, sys
from . import sibling
from .. import parent
from .pkg.mod import (a, b as c,)
from ...deep import *
from mod import x as y, z
