# String literal forms and escape sequences.
print("tab\tend", "new\\nline", 'q\'uote', "dq\"")
print(len("\n\t\r\\\'\""), repr("\x41\101\u00e9"))
print("\x7f" == chr(127), "\0" == chr(0), len("\u20ac"), ord("\u20ac"))
print(r"raw\n\t", len(r"\n"))
print("""triple
quoted""", '''single
triple''')
print("concat" "enated", "a" 'b' """c""")
print(repr("a\nb"), repr('it\'s'), repr("say \"hi\""), repr("both '\""))
print(repr("\x00\x1f\x7f"), repr("\\"))
print(b"\x00\xff\n".hex(), len(b"\\"), rb"\x".decode())
print(repr("é"), len("é"))
print("line1\
line2")
