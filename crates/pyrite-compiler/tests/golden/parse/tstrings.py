t"Hello {name}!"
t"{a!r:>10}{b=}"
rt"\n{x}" T"{ y }"
t"{x:{w}.2}"
