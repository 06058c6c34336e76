# int.to_bytes / int.from_bytes with byte orders, signs and sizes.
for n in [0, 1, 255, 256, 2 ** 64, 2 ** 100 + 7, 3 ** 50]:
    for order in ["big", "little"]:
        b = n.to_bytes(20, order)
        print(b, int.from_bytes(b, order) == n)
for n in [-1, -128, -129, -(2 ** 63), -(2 ** 100) - 1, 127, 2 ** 63 - 1]:
    b = n.to_bytes(16, "little", signed=True)
    print(b, int.from_bytes(b, "little", signed=True) == n, int.from_bytes(b, "little"))
print((1000).to_bytes(2, byteorder="big"), (5).to_bytes(), int.from_bytes(b"\x01\x00"))
print(int.from_bytes(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "big", signed=True), int.from_bytes(b"\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", "big", signed=True))
print(int.from_bytes([1, 2, 3, 4, 5, 6, 7, 8, 9], "big"), int.from_bytes(b"", "big"))
for n, size, signed in [(256, 1, False), (128, 1, True), (-129, 1, True), (2 ** 64, 8, False), (-1, 4, False)]:
    try:
        n.to_bytes(size, "big", signed=signed)
    except OverflowError as e:
        print("OverflowError", e)
try:
    (1).to_bytes(1, "middle")
except ValueError as e:
    print("ValueError", e)
