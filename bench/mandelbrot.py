# Float-heavy: escape-time Mandelbrot over a grid, counting iterations.
def mandel(w, h, max_iter):
    total = 0
    for py in range(h):
        ci = -1.2 + 2.4 * py / h
        for px in range(w):
            cr = -2.1 + 3.0 * px / w
            zr = zi = 0.0
            n = 0
            while n < max_iter:
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    break
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
                n += 1
            total += n
    return total
print(mandel(200, 130, 150))
