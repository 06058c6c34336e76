import sys

print(repr(sys.ps1), repr(sys.ps2))
sys.ps1 = "A> "
sys.ps2 = 5
print(repr(sys.ps1), repr(sys.ps2))
