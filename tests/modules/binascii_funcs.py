# binascii: hexlify/unhexlify, base64 both ways, crc32, and the errors bad
# input raises (CPython's binascii.Error is a ValueError).
import binascii

samples = [b"", b"\x00", b"\xff", b"hi", b"abc", b"\x00\x10\x7f\x80\xfe\xff", bytes(range(40))]

print("-- hexlify")
for s in samples:
    h = binascii.hexlify(s)
    print(h, binascii.unhexlify(h) == s)
print(binascii.hexlify(bytearray(b"\x12\x34")), binascii.hexlify(memoryview(b"\xab\xcd")))
print(binascii.hexlify(b"abcdef", ":"), binascii.hexlify(b"abcdef", b"-"))
print(binascii.hexlify(b"abcdef", " ", 2), binascii.hexlify(b"abcdefg", ".", -3))
print(binascii.hexlify(b"abcdefg", ".", 3), binascii.hexlify(b"abc", "|", 0))
print(binascii.hexlify(b"x", ":"), binascii.hexlify(b"", ":"))
for bad_sep in ("::", "", b"ab"):
    try:
        binascii.hexlify(b"ab", bad_sep)
    except ValueError:
        print("ValueError for sep", repr(bad_sep))
try:
    binascii.hexlify(b"ab", 5)
except TypeError:
    print("TypeError for int sep")

print("-- unhexlify")
print(binascii.unhexlify(b"DEADbeef"), binascii.unhexlify("00ff"), binascii.unhexlify(bytearray(b"4142")))
print(binascii.unhexlify(""))
for bad in (b"0", b"abc", b"gg", b"0x", b" 12", "12 34"):
    try:
        binascii.unhexlify(bad)
        print("accepted", bad)
    except ValueError:
        print("ValueError", repr(bad))

print("-- b2a_base64")
for s in samples + [b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", b"\xfb\xff\xbf"]:
    e = binascii.b2a_base64(s)
    print(e, binascii.b2a_base64(s, newline=False), binascii.a2b_base64(e) == s)
print(binascii.b2a_base64(bytearray(b"xyz")), binascii.b2a_base64(memoryview(b"xyzw")[1:]))
print(len(binascii.b2a_base64(bytes(100))))

print("-- a2b_base64")
print(binascii.a2b_base64("Zm9vYmFy"), binascii.a2b_base64(bytearray(b"Zm9v")))
# Characters outside the alphabet are skipped; padding that completes a group ends the data.
for s in (b"Zm9v\nYmFy\n", b" Z m 9 v ", b"Zm9v*", b"Zg==", b"Zg==Zm9v", b"Zg===", b"Zm8=", b"Zm=9v",
          b"Zm9v=YmFy", b"=Zm9v", b"Zh==", b"Zg=a=", b"++//", b"-_-_"):
    print(s, binascii.a2b_base64(s))
for bad in (b"Z", b"Zg", b"Zg=", b"Zm9vY", b"Zm9vYm", b"abcde=", b"a===", b"ab*d"):
    try:
        binascii.a2b_base64(bad)
        print("accepted", bad)
    except ValueError:
        print("ValueError", bad)

print("-- crc32")
for s in samples + [b"123456789", b"The quick brown fox jumps over the lazy dog"]:
    print(binascii.crc32(s))
whole = b"incremental crc over several pieces"
c = 0
for i in range(0, len(whole), 4):
    c = binascii.crc32(whole[i : i + 4], c)
print(c == binascii.crc32(whole), binascii.crc32(b""), binascii.crc32(b"", 12345))
print(binascii.crc32(b"abc", -1), binascii.crc32(b"abc", 1 << 40), binascii.crc32(b"abc", 0xFFFFFFFF))
print(binascii.crc32(bytearray(b"abc")) == binascii.crc32(memoryview(b"abc")))

print("-- not buffers")
for f in (binascii.hexlify, binascii.b2a_base64, binascii.crc32):
    for bad in (None, 12, [1]):
        try:
            f(bad)
            print("accepted", bad)
        except TypeError:
            pass
print("done")
