name = 'x'
s = f"hello {name}!"
t = f"{value!r:>{width}} and {other:.2f}"
u = f"{x}"
v = f""
w = f"{x=}"
