# framebuf drawing: lines in every direction, rectangles, ellipses with
# quadrant masks, polygons (outline and filled), scrolling, and clipping of
# shapes that reach far outside the frame (they must neither crash nor hang).
# CPython has no framebuf: the .exp file is the output of MicroPython's own
# unix binary (MicroPython itself, so a valid oracle) for this script.
import framebuf
from array import array

W, H = 16, 12
data = bytearray(W * H)
fb = framebuf.FrameBuffer(data, W, H, framebuf.GS8)


def show(title):
    print(title)
    for y in range(H):
        print("".join(".123456789abcdef"[min(data[y * W + x], 15)] for x in range(W)))


def draw(title, f):
    fb.fill(0)
    f()
    show(title)


draw("lines", lambda: [
    fb.line(1, 1, 14, 4, 1),
    fb.line(14, 6, 2, 10, 2),
    fb.line(3, 11, 5, 0, 3),
    fb.line(12, 0, 9, 11, 4),
    fb.line(7, 7, 7, 7, 5),
    fb.line(0, 11, 15, 11, 6),
])
draw("h/v lines and rects", lambda: [
    fb.hline(-3, 0, 8, 1),
    fb.vline(15, -2, 20, 2),
    fb.rect(2, 2, 6, 5, 3),
    fb.rect(9, 3, 4, 6, 4, True),
    fb.rect(12, 9, 10, 10, 5),
    fb.hline(3, 10, 0, 7),
    fb.vline(3, 10, -4, 7),
    fb.fill_rect(0, 8, 2, 2, 8),
])
draw("ellipses", lambda: [
    fb.ellipse(5, 5, 4, 3, 1),
    fb.ellipse(12, 6, 3, 5, 2, True),
    fb.ellipse(5, 5, 0, 0, 9),
])
for m in (1, 2, 4, 8, 5, 0):
    draw("quadrants %d" % m, lambda: [
        fb.ellipse(7, 6, 5, 4, 1, False, m),
        fb.ellipse(7, 6, 3, 2, 2, True, m),
    ])
draw("ellipse off the edges", lambda: [
    fb.ellipse(0, 0, 6, 4, 1, True),
    fb.ellipse(15, 11, 5, 7, 2),
    fb.ellipse(40, 40, 3, 3, 3, True),
])

star = array("h", [8, 0, 10, 5, 15, 5, 11, 8, 13, 11, 8, 9, 3, 11, 5, 8, 1, 5, 6, 5])
draw("polygon outline", lambda: fb.poly(0, 0, star, 1))
draw("polygon fill", lambda: fb.poly(0, 0, star, 2, True))
tri = bytes([0, 0, 9, 3, 2, 9])
draw("bytes triangle, offset", lambda: [fb.poly(5, 1, tri, 3, True), fb.poly(-3, -2, tri, 4)])
draw("degenerate polygons", lambda: [
    fb.poly(0, 0, array("h"), 1),
    fb.poly(0, 0, array("h", [3, 3]), 2),
    fb.poly(0, 0, array("h", [5, 5, 9, 2]), 3, True),
    fb.poly(0, 0, array("b", [12, 10, 14, 10, -1]), 4),
])

fb.fill(0)
fb.rect(2, 2, 4, 3, 1, True)
fb.pixel(0, 0, 2)
fb.scroll(3, 2)
show("scrolled right and down")
fb.scroll(-4, -1)
show("scrolled left and up")
fb.scroll(0, 0)
fb.scroll(16, 0)
fb.scroll(0, -12)
show("scrolled too far: unchanged")

# Far-away and huge arguments are clipped, not walked.
fb.fill(0)
big = 10**6
fb.line(-big, 5, big, 5, 1)
fb.line(3, -big, 3, big, 2)
fb.line(-big, -big, big, big, 3)
fb.hline(-big, 7, 2 * big, 4)
fb.fill_rect(-big, 9, big * 3, big, 5)
fb.rect(-big, -big, big * 2 + 3, big * 2 + 3, 6)
fb.scroll(big, -big)
fb.text("far", big, -big)
fb.blit(fb, -big, big)
fb.poly(-big, 0, array("h", [0, 0, 5, 5]), 7)
fb.pixel(big, big, 1)
show("far arguments")
print(fb.pixel(big, 0), fb.pixel(-big, 0))
