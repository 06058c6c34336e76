# re.DEBUG lists the program as MicroPython's re1.5 does (with the search
# prefix and group 0's saves that the matcher implies).
import re

re.compile("a+b?", re.DEBUG)
p = re.compile(r"x[^0-9]\d", re.DEBUG)
print(p.match("xa1").group(0))
