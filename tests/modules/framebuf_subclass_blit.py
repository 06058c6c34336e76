# framebuf: display drivers subclass FrameBuffer and call super().__init__;
# blit from FrameBuffers (subclasses too), tuples and lists, with a colour
# key and a palette; the buffer protocol of a FrameBuffer; argument errors.
# CPython has no framebuf: the .exp file is the output of MicroPython's own
# unix binary (MicroPython itself, so a valid oracle) for this script.
import framebuf, gc


class Display(framebuf.FrameBuffer):
    # The shape of an SSD1306-style driver: the pixels live in self.buffer.
    def __init__(self, width, height):
        self.width = width
        self.height = height
        self.pages = height // 8
        self.buffer = bytearray(self.pages * width)
        super().__init__(self.buffer, width, height, framebuf.MONO_VLSB)
        self.shown = 0

    def show(self):
        self.shown += 1
        return bytes(self.buffer)


d = Display(16, 16)
d.fill(0)
d.hline(0, 0, 16, 1)
d.pixel(3, 9, 1)
d.rect(8, 8, 4, 4, 1)
print(d.show(), d.shown, d.pixel(3, 9), d.pixel(3, 10))
print(isinstance(d, framebuf.FrameBuffer), d.width, d.pages)
print(bytes(d) == d.buffer, memoryview(d)[0], len(bytearray(d)))


class Plain(framebuf.FrameBuffer):
    pass


p = Plain(bytearray(8), 4, 2, framebuf.GS8)
p.fill(9)
print(bytes(p))

# The FrameBuffer keeps its buffer alive by itself.
fb = framebuf.FrameBuffer(bytearray(12), 4, 3, framebuf.GS8)
gc.collect()
junk = [bytearray(12) for _ in range(50)]
fb.fill(5)
print(bytes(fb))

# blit sources: a subclass instance, a FrameBuffer, tuples and lists.
dst = framebuf.FrameBuffer(bytearray(36), 6, 6, framebuf.GS8)


def show():
    print(" ".join(bytes(dst)[y * 6 : y * 6 + 6].hex() for y in range(6)))


src = framebuf.FrameBuffer(bytearray(b"\x01\x02\x03\x04"), 2, 2, framebuf.GS8)
dst.fill(0)
dst.blit(src, 0, 0)
dst.blit(src, 5, 5)
dst.blit(src, -1, 2)
dst.blit(src, 6, 0)
dst.blit(p, 2, 3)
show()
dst.fill(0)
dst.blit((b"\x07\x00\x07\x00\x07\x00", 3, 2, framebuf.GS8), 1, 1, 0)
dst.blit([bytearray(b"\x01\x02\x00\x03\x04\x00"), 2, 2, framebuf.GS8, 3], 3, 3)
dst.blit((b"\x05\x06\x07\x08", 2, 2, framebuf.GS8), 0, 4, 6)
show()
# A 1-bit source through a palette.
mono = framebuf.FrameBuffer(bytearray(b"\xa0\x50"), 4, 2, framebuf.MONO_HLSB)
pal = framebuf.FrameBuffer(bytearray(b"\x11\x22"), 2, 1, framebuf.GS8)
dst.fill(0)
dst.blit(mono, 1, 1, -1, pal)
dst.blit(mono, 1, 3, 0x11, pal)
dst.blit(mono, 1, 5, 0x22, (b"\x33\x44", 2, 1, framebuf.GS8))
show()
# Blitting a frame onto itself.
dst.blit(dst, -1, -1)
show()

# FrameBuffer1: the old MONO_VLSB constructor.
f1 = framebuf.FrameBuffer1(bytearray(8), 8, 8)
f1.pixel(1, 2, 1)
print(bytes(f1))


def attempt(f):
    try:
        f()
        print("ok")
    except (TypeError, ValueError) as e:
        print(type(e).__name__)


attempt(lambda: framebuf.FrameBuffer(b"\x00" * 8, 8, 1, framebuf.GS8))
attempt(lambda: framebuf.FrameBuffer(bytearray(8), 8, 1, 7))
attempt(lambda: framebuf.FrameBuffer(bytearray(8), 8, 2, framebuf.GS8))
attempt(lambda: framebuf.FrameBuffer(bytearray(8), 0, 1, framebuf.GS8))
attempt(lambda: framebuf.FrameBuffer(bytearray(8), 4, 1, framebuf.GS8, 3))
attempt(lambda: framebuf.FrameBuffer(bytearray(8), "4", 1, framebuf.GS8))
attempt(lambda: framebuf.FrameBuffer(None, 4, 1, framebuf.GS8))
attempt(lambda: framebuf.FrameBuffer(bytearray(8), 4, 1))
attempt(lambda: dst.blit(None, 0, 0))
attempt(lambda: dst.blit((b"", 1, 1), 0, 0))
attempt(lambda: dst.blit((b"", 1, 1, framebuf.GS8), 0, 0))
attempt(lambda: dst.blit(src, 0, 0, -1, 5))
attempt(lambda: dst.pixel(1.5, 0))
attempt(lambda: dst.poly(0, 0, [1, 2, 3, 4], 1))
attempt(lambda: dst.fill("x"))
