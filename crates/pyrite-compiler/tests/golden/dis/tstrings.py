# t-strings: one constant tuple (strings, expression texts, constant specs)
# and BuildTemplate over the values; computed specs go on the stack.
name = "x"
t"Hello {name}!"
t"{name!r:>10} and {name=}"
t"a" t"b{name}"
width = 5
t"{name:{width}} {name:<3}"
