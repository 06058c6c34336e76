# framebuf pixel formats: where each format puts a pixel's bits, how colours
# are truncated, strides wider than the picture, and reading pixels back.
# CPython has no framebuf: the .exp file is the output of MicroPython's own
# unix binary (MicroPython itself, so a valid oracle) for this script.
import framebuf

F = framebuf
names = (
    ("MONO_VLSB", F.MONO_VLSB),
    ("MONO_HLSB", F.MONO_HLSB),
    ("MONO_HMSB", F.MONO_HMSB),
    ("GS2_HMSB", F.GS2_HMSB),
    ("GS4_HMSB", F.GS4_HMSB),
    ("GS8", F.GS8),
    ("RGB565", F.RGB565),
)
print([v for _, v in names], F.MVLSB == F.MONO_VLSB)

for name, fmt in names:
    w, h, stride = 6, 9, 11
    data = bytearray(300)
    fb = F.FrameBuffer(data, w, h, fmt, stride)
    fb.pixel(0, 0, 0x12345)
    fb.pixel(5, 0, 3)
    fb.pixel(1, 8, 0xFFFF)
    fb.pixel(4, 3, 2)
    fb.pixel(6, 0, 1)  # outside: ignored
    fb.pixel(-1, 2, 1)
    fb.pixel(0, 9, 1)
    used = [(i, b) for i, b in enumerate(data) if b]
    print(name, used)
    print(
        fb.pixel(0, 0),
        fb.pixel(5, 0),
        fb.pixel(1, 8),
        fb.pixel(4, 3),
        fb.pixel(2, 2),
        fb.pixel(6, 0),
        fb.pixel(0, -1),
    )
    fb.fill(0)
    print(sum(data))
    fb.fill_rect(1, 2, 3, 4, 0xFFFF)
    for y in range(h):
        row = ""
        for x in range(w):
            row += "#" if fb.pixel(x, y) else "."
        print(row)
    fb.fill(0xFFFF)
    print(sum(1 for b in data if b))

# The default stride is the width; sub-byte formats round it up to whole bytes.
for fmt, n in ((F.MONO_HLSB, 2), (F.GS2_HMSB, 3), (F.GS4_HMSB, 5)):
    data = bytearray(40)
    fb = F.FrameBuffer(data, 3, 4, fmt)
    fb.pixel(0, 1, 1)
    print(fmt, [i for i, b in enumerate(data) if b])

# Other buffer kinds: memoryview slices and arrays.
from array import array

whole = bytearray(16)
fb = F.FrameBuffer(memoryview(whole)[4:12], 8, 1, F.GS8)
fb.fill(7)
print(whole)
arr = array("H", [0] * 4)
fb = F.FrameBuffer(arr, 2, 2, F.RGB565)
fb.pixel(1, 1, 0xBEEF)
print(list(arr), hex(fb.pixel(1, 1)))
