# Comments and blank lines are ignored.

if x:   # trailing comment
	pass  # a tab-indented block

def f(): return 1
class C: x = 1; y = 2
while x: x -= 1
print(*args, sep="")
del a, b[0], c.d
raise SystemExit
