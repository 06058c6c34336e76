# A test package: runs once on first import.
print("pkg init")
VERSION = (1, 2)
from .core import area
