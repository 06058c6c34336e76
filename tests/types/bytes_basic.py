# bytes: construction, indexing, slicing, methods.
b = b"hello"
print(b, len(b), b[0], b[-1], b[1:3], list(b[:2]), b[::-1])
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("é", "utf-8"), bytes(b"copy"))
print(b + b" world", b * 2, b == b"hello", b < b"help", b"" == bytes())
print(b.find(b"l"), b.count(b"l"), b.replace(b"l", b"L"), b.upper(), b.startswith(b"he"))
print(b"a,b,c".split(b","), b"-".join([b"x", b"y"]), b"  x ".strip(), b"xyz".endswith(b"z"))
print(b"ll" in b, 104 in b, 200 in b)
print(b.hex(), bytes.fromhex("48 69"), b.decode())
print([x for x in b"\x00\x7f\x80\xff"])
try:
    b[0] = 1
except TypeError:
    print("TypeError")
try:
    bytes([256])
except ValueError:
    print("ValueError")
print(repr(b"\x00\n'\"\\"), repr(b"it's"))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"))
print((1024).to_bytes(2, "big"), (1024).to_bytes(4, "little"))
print(hash(b"ab") == hash(b"a" + b"b"), ord(b"A"), b"abc".index(b"c"))
