# framebuf text: 8x8 glyphs, one per byte, colour 1 by default, clipped at
# every edge; bytes outside 32..126 all draw the same fallback glyph. Pyrite's
# font is its own design, so this checks only what does not depend on glyph
# shapes, plus the few shapes MicroPython's test suite relies on ('h' and the
# fallback checkerboard). CPython has no framebuf: the .exp file is the output
# of MicroPython's own unix binary (MicroPython itself, so a valid oracle).
import framebuf

W, H = 40, 12
a = bytearray(W * H)
b = bytearray(W * H)
fa = framebuf.FrameBuffer(a, W, H, framebuf.GS8)
fb = framebuf.FrameBuffer(b, W, H, framebuf.GS8)


def same(title):
    print(title, a == b, any(a))


def reset():
    fa.fill(0)
    fb.fill(0)


# Each glyph is 8 pixels wide and 8 high.
reset()
fa.text("AB", 3, 2)
fb.text("A", 3, 2)
fb.text("B", 11, 2)
same("one glyph per 8 columns")
print(max(a) == 1, [y for y in range(H) if any(a[y * W : (y + 1) * W])][-1] < 10)

# Clipping: a glyph half off the left edge equals its right half.
reset()
fa.text("xy", -8, 0, 3)
fb.text("y", 0, 0, 3)
same("clipped left")
reset()
fa.text("Qg", 0, -4, 5)
fb.text("Qg", 0, 0, 5)
print("clipped top", all(a[y * W + x] == b[(y + 4) * W + x] for y in range(4) for x in range(W)))
reset()
fa.text("Wide text", 36, 9)
print("clipped right/bottom", sum(1 for v in a if v) > 0, all(a[y * W + x] == 0 for y in range(H) for x in range(36)))

# Colour 0 erases what colour 1 drew.
reset()
fa.text("erase me", 0, 0)
fa.text("erase me", 0, 0, 0)
same("erased")

# Bytes outside the font all draw the fallback glyph; str is drawn by bytes;
# as in MicroPython, a NUL character ends the text.
reset()
fa.text(chr(31) + chr(127) + chr(1), 0, 0)
fb.text(chr(127) * 3, 0, 0)
same("fallback")
reset()
fa.text("a\x00b", 0, 0)
fb.text("a", 0, 0)
same("NUL ends the text")
reset()
fa.text("é", 0, 0)
fb.text(chr(127) * 2, 0, 0)
same("utf-8 bytes")
print(fa.pixel(0, 0), fa.pixel(1, 0), fa.pixel(0, 1), fa.pixel(7, 7))

# Space draws nothing; the empty string draws nothing.
reset()
fa.text("   ", 0, 0)
fa.text("", 5, 5)
same("blank")

# The 'h' shape MicroPython's tests check: a two-pixel stem, then the arch.
reset()
fa.text("h", 0, 0)
print([sum(a[y * W + x] << y for y in range(8)) for x in range(5)])

# Monochrome targets.
m = bytearray(8)
fm = framebuf.FrameBuffer(m, 8, 8, framebuf.MONO_VLSB)
fm.text("h", 0, 0)
print(list(m)[:5])
try:
    fm.text(12, 0, 0)
except TypeError:
    print("TypeError")
