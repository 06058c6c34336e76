name = "world"
width, prec = 10, 3
print(f"hello {name}!")
print(f"{name!r} {name!s:>{width}} {name!a}")
print(f"{3.14159:{width}.{prec}f}")
print(f"{{literal}} {name = } {width=:5} {prec=!s}")
print(f'{"nested" + name}', f"{'a' if name else 'b'}")
print(F"line\n{name}" "plain" rf"\d{name}")
print(f"""triple {
    name
} quoted""")
print(f"{name:%Y-%m-%d}", f"{[1, 2][0]}", f"{ {'k': 1}['k'] }")
print(f"{(lambda x: x * 2)(21)}", f"{width:{'>'}{width}}")
