# framebuf guarantees Pyrite adds to MicroPython's behaviour: arguments far
# outside the frame are clipped without walking them (same picture, no wait),
# a buffer that shrinks or moves after the FrameBuffer was made is never
# overrun, and misuse raises an exception instead of drawing garbage.
# MicroPython cannot be the oracle here (it would loop for hours on these
# arguments, or write past a shrunken buffer), so the .exp file is written by
# hand from the rules stated beside each check. (The reference picture,
# picture(10**6), is the one MicroPython's unix binary draws for it.)
import framebuf
from array import array

W, H = 16, 12


def picture(big):
    data = bytearray(W * H)
    fb = framebuf.FrameBuffer(data, W, H, framebuf.GS8)
    fb.line(-big, 5, big, 5, 1)
    fb.line(3, -big, 3, big, 2)
    fb.line(-big, -big, big, big, 3)
    fb.line(big, -big + 7, -big, big + 7, 4)
    fb.hline(-big, 7, 2 * big, 4)
    fb.fill_rect(-big, 9, big * 2, big, 5)
    fb.rect(-big, -big, big * 2 + 3, big * 2 + 3, 6)
    fb.ellipse(8, 6, 6, 3, 8)
    fb.ellipse(big, big, 5, 5, 8, True)
    fb.scroll(big, -big)
    fb.text("far", big, -big)
    fb.blit(fb, -big, big)
    fb.poly(-big, 0, array("q", [0, 0, big, big, 2 * big, 0]), 7)
    fb.poly(0, -big, array("q", [0, 0, 10, big, 5, 2 * big]), 9, True)
    fb.pixel(big, big, 1)
    return bytes(data)


# The same picture whether "far" is a million or 2**40 (each is drawn in a blink).
ref = picture(10**6)
print([picture(b) == ref for b in (10**9, 10**12, 2**40)])

# The extremes of a machine word are accepted and clipped; beyond, OverflowError.
fb = framebuf.FrameBuffer(bytearray(W * H), W, H, framebuf.GS8)
top, bottom = 2**63 - 1, -(2**63)
fb.line(bottom, bottom, top, top, 1)
fb.fill_rect(bottom, bottom, top, top, 2)
fb.scroll(top, bottom)
fb.text("x", bottom, top)
print(fb.pixel(top, bottom), fb.pixel(0, 0))
try:
    fb.pixel(2**64, 0)
except OverflowError:
    print("OverflowError")
try:
    fb.ellipse(0, 0, 10**7, 10**7, 1)
except ValueError:
    print("ValueError: radius")

# A buffer that shrinks after the FrameBuffer was made: drawing stops at its end.
data = bytearray(64)
fb = framebuf.FrameBuffer(data, 8, 8, framebuf.GS8)
del data[8:]
fb.fill(3)
fb.line(0, 0, 7, 7, 4)
print(len(data), list(data), fb.pixel(7, 7))
# ... and grows again (its bytes move): drawing reaches all of it.
data.extend(bytes(56))
fb.fill(1)
print(len(data), sum(data))
print(bytes(fb) == data)

# A FrameBuffer over a FrameBuffer draws into the same bytes.
outer = framebuf.FrameBuffer(bytearray(16), 4, 4, framebuf.GS8)
inner = framebuf.FrameBuffer(outer, 4, 2, framebuf.GS8)
inner.fill(6)
print(bytes(outer))
outer.__init__(outer, 2, 2, framebuf.GS8)
outer.fill(2)
print(bytes(outer), bytes(inner) == bytes(outer))

# blit also takes key and palette by name.
dst = framebuf.FrameBuffer(bytearray(4), 4, 1, framebuf.GS8)
dst.blit((b"\x00\x01\x00\x01", 4, 1, framebuf.GS8), 0, 0, key=0, palette=(b"\x08\x09", 2, 1, framebuf.GS8))
print(bytes(dst))
dst.blit((b"\x00\x01\x00\x01", 4, 1, framebuf.GS8), 0, 0, palette=(b"\x05\x06", 2, 1, framebuf.GS8))
print(bytes(dst))
try:
    dst.blit(dst, 0, 0, colour=1)
except TypeError:
    print("TypeError: unknown keyword")


# A subclass that forgets super().__init__ gets a clear error from drawing.
class Forgetful(framebuf.FrameBuffer):
    def __init__(self):
        self.buffer = bytearray(8)


f = Forgetful()
for call in (lambda: f.fill(1), lambda: f.pixel(0, 0), lambda: dst.blit(f, 0, 0)):
    try:
        call()
        print("drew")
    except ValueError:
        print("ValueError: not initialised")
