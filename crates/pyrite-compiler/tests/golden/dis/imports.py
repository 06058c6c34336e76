import os
import a.b.c
import a.b.c as d
from x import y, z as w
from . import sibling
from ..pkg.mod import thing
from m import *
