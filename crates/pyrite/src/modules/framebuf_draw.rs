//! The pixel formats and drawing algorithms of `framebuf`, on plain byte
//! memory (no interpreter here, so they are unit-tested directly).
//!
//! Every byte access is bounds-checked against the memory it was given: a
//! buffer that shrank after its FrameBuffer was made is clipped, never
//! overrun. Coordinates are i64 and clipped before any loop, so no argument,
//! however large, makes a loop run longer than the frame is big.

use core::cell::Cell;

/// Pixel layouts, numbered as MicroPython numbers them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    MonoVlsb = 0,
    Rgb565 = 1,
    Gs4Hmsb = 2,
    MonoHlsb = 3,
    MonoHmsb = 4,
    Gs2Hmsb = 5,
    Gs8 = 6,
}

impl Format {
    pub fn from_int(i: i64) -> Option<Format> {
        Some(match i {
            0 => Format::MonoVlsb,
            1 => Format::Rgb565,
            2 => Format::Gs4Hmsb,
            3 => Format::MonoHlsb,
            4 => Format::MonoHmsb,
            5 => Format::Gs2Hmsb,
            6 => Format::Gs8,
            _ => return None,
        })
    }

    fn bits(self) -> usize {
        match self {
            Format::MonoVlsb | Format::MonoHlsb | Format::MonoHmsb => 1,
            Format::Gs2Hmsb => 2,
            Format::Gs4Hmsb => 4,
            Format::Gs8 => 8,
            Format::Rgb565 => 16,
        }
    }
}

/// A frame's shape: what a FrameBuffer remembers besides its buffer object.
#[derive(Clone, Copy, Debug)]
pub struct Geom {
    pub width: u32,
    pub height: u32,
    /// Pixels from one row to the next (rounded up to whole bytes per row
    /// for the sub-byte horizontal formats).
    pub stride: u32,
    pub format: Format,
}

impl Geom {
    /// Checks a shape as the constructor gets it and works out the bytes it
    /// needs; Err(true) for a bad format, Err(false) for bad dimensions.
    pub fn new(width: i64, height: i64, format: i64, stride: i64) -> Result<(Geom, usize), bool> {
        let max = 0xffff;
        if width < 1 || height < 1 || width > max || height > max || stride > max || stride < width
        {
            return Err(false);
        }
        let format = Format::from_int(format).ok_or(true)?;
        let (w, h) = (width as usize, height as usize);
        let mut stride = stride as usize;
        // Rows laid out at the full stride, and the last row (or band of
        // eight rows) only as wide as the picture.
        let (bands, last_rows, last_width) = match format {
            Format::MonoVlsb => (h.div_ceil(8) - 1, 8, w),
            Format::MonoHlsb | Format::MonoHmsb => {
                stride = stride.next_multiple_of(8);
                (h - 1, 1, w.next_multiple_of(8))
            }
            Format::Gs2Hmsb => {
                stride = stride.next_multiple_of(4);
                (h - 1, 1, w.next_multiple_of(4))
            }
            Format::Gs4Hmsb => {
                stride = stride.next_multiple_of(2);
                (h - 1, 1, w.next_multiple_of(2))
            }
            Format::Gs8 | Format::Rgb565 => (h - 1, 1, w),
        };
        let rows_per_band = if format == Format::MonoVlsb { 8 } else { 1 };
        let need = (bands * rows_per_band * stride + last_rows * last_width) * format.bits() / 8;
        let g = Geom {
            width: width as u32,
            height: height as u32,
            stride: stride as u32,
            format,
        };
        Ok((g, need))
    }
}

/// The bytes under a frame: writable cells, or read-only bytes (a blit source).
#[derive(Clone, Copy)]
pub enum Mem<'a> {
    Rw(&'a [Cell<u8>]),
    Ro(&'a [u8]),
}

impl Mem<'_> {
    fn get(&self, i: usize) -> u8 {
        match self {
            Mem::Rw(c) => c.get(i).map_or(0, Cell::get),
            Mem::Ro(b) => b.get(i).copied().unwrap_or(0),
        }
    }

    /// Replaces the bits of `mask` in byte `i` with those of `bits`.
    fn put(&self, i: usize, mask: u8, bits: u8) {
        if let Mem::Rw(c) = self {
            if let Some(c) = c.get(i) {
                c.set((c.get() & !mask) | (bits & mask));
            }
        }
    }
}

/// A frame to draw on: its memory and shape.
pub struct Surface<'a> {
    pub mem: Mem<'a>,
    pub g: Geom,
}

impl Surface<'_> {
    fn w(&self) -> i64 {
        self.g.width as i64
    }

    fn h(&self) -> i64 {
        self.g.height as i64
    }

    /// The byte holding pixel (x, y) and the pixel's bit shift in it.
    fn locate(&self, x: usize, y: usize) -> (usize, u32) {
        let s = self.g.stride as usize;
        match self.g.format {
            Format::MonoVlsb => ((y >> 3) * s + x, (y & 7) as u32),
            Format::MonoHlsb => ((x + y * s) >> 3, 7 - (x & 7) as u32),
            Format::MonoHmsb => ((x + y * s) >> 3, (x & 7) as u32),
            Format::Gs2Hmsb => ((x + y * s) >> 2, ((x & 3) * 2) as u32),
            Format::Gs4Hmsb => ((x + y * s) >> 1, if x & 1 == 0 { 4 } else { 0 }),
            Format::Gs8 => (x + y * s, 0),
            Format::Rgb565 => (2 * (x + y * s), 0),
        }
    }

    /// Pixel (x, y), which the caller has clipped to the frame.
    pub fn get(&self, x: usize, y: usize) -> u32 {
        let (i, sh) = self.locate(x, y);
        match self.g.format {
            Format::Rgb565 => u16::from_ne_bytes([self.mem.get(i), self.mem.get(i + 1)]) as u32,
            f => ((self.mem.get(i) >> sh) as u32) & ((1 << f.bits()) - 1),
        }
    }

    /// Sets pixel (x, y), which the caller has clipped to the frame.
    pub fn set(&self, x: usize, y: usize, col: u32) {
        let (i, sh) = self.locate(x, y);
        match self.g.format {
            Format::Rgb565 => {
                let b = (col as u16).to_ne_bytes();
                self.mem.put(i, 0xff, b[0]);
                self.mem.put(i + 1, 0xff, b[1]);
            }
            Format::MonoVlsb | Format::MonoHlsb | Format::MonoHmsb => {
                self.mem.put(i, 1 << sh, ((col != 0) as u8) << sh)
            }
            f => {
                let ones = ((1u32 << f.bits()) - 1) as u8;
                self.mem.put(i, ones << sh, (col as u8 & ones) << sh)
            }
        }
    }

    /// Sets pixel (x, y) if it is inside the frame.
    pub fn set_checked(&self, x: i64, y: i64, col: u32) {
        if (0..self.w()).contains(&x) && (0..self.h()).contains(&y) {
            self.set(x as usize, y as usize, col);
        }
    }

    /// Fills the part of the rectangle that lies inside the frame.
    pub fn fill_rect(&self, x: i64, y: i64, w: i64, h: i64, col: u32) {
        if w < 1 || h < 1 {
            return;
        }
        let (x0, y0) = (x.max(0), y.max(0));
        let x1 = x.saturating_add(w).min(self.w());
        let y1 = y.saturating_add(h).min(self.h());
        for yy in y0..y1 {
            for xx in x0..x1 {
                self.set(xx as usize, yy as usize, col);
            }
        }
    }

    pub fn fill(&self, col: u32) {
        self.fill_rect(0, 0, self.w(), self.h(), col);
    }

    /// A Bresenham line from (x1, y1) to (x2, y2), both ends drawn.
    ///
    /// The pixels are those of the classic integer walk along the major axis
    /// (minor coordinate of step k: round-half-up of k * dminor / dmajor);
    /// only the steps whose major coordinate falls inside the frame are
    /// visited, so far-away end points cost nothing.
    pub fn line(&self, x1: i64, y1: i64, x2: i64, y2: i64, col: u32) {
        let end = (x2, y2);
        // Beyond ±2^61 the step products below would not fit in 128 bits.
        let c = |v: i64| v.clamp(-LINE_COORD_MAX, LINE_COORD_MAX) as i128;
        let (x1, y1, x2, y2) = (c(x1), c(y1), c(x2), c(y2));
        let (mut dx, mut sx) = (x2 - x1, 1);
        if dx <= 0 {
            dx = -dx;
            sx = -1;
        }
        let (mut dy, mut sy) = (y2 - y1, 1);
        if dy <= 0 {
            dy = -dy;
            sy = -1;
        }
        let steep = dy > dx;
        let (major0, minor0, dmaj, dmin, smaj, smin, major_len) = if steep {
            (y1, x1, dy, dx, sy, sx, self.h() as i128)
        } else {
            (x1, y1, dx, dy, sx, sy, self.w() as i128)
        };
        // Steps k in 0..dmaj whose major coordinate major0 + smaj*k is in 0..major_len.
        let (lo, hi) = if smaj > 0 {
            (-major0, major_len - 1 - major0)
        } else {
            (major0 - (major_len - 1), major0)
        };
        let lo = lo.max(0);
        let hi = hi.min(dmaj - 1);
        let mut k = lo;
        while k <= hi {
            let major = major0 + smaj * k;
            let minor = minor0 + smin * ((2 * dmin * k + dmaj) / (2 * dmaj));
            let (px, py) = if steep {
                (minor, major)
            } else {
                (major, minor)
            };
            self.set_clipped128(px, py, col);
            k += 1;
        }
        self.set_checked(end.0, end.1, col);
    }

    fn set_clipped128(&self, x: i128, y: i128, col: u32) {
        if (0..self.w() as i128).contains(&x) && (0..self.h() as i128).contains(&y) {
            self.set(x as usize, y as usize, col);
        }
    }

    /// The four mirror images of an ellipse point (x, y) around the centre,
    /// each drawn (or, filling, joined to the centre's column) if its quadrant is in `mask`.
    fn ellipse_points(&self, cx: i64, cy: i64, x: i64, y: i64, col: u32, mask: u8, fill: bool) {
        // Quadrants: 1 top right, 2 top left, 3 bottom left, 4 bottom right.
        let quads = [(1, -1, 1u8), (-1, -1, 2), (-1, 1, 4), (1, 1, 8)];
        for (mx, my, bit) in quads {
            if mask & bit == 0 {
                continue;
            }
            let px = cx.saturating_add(mx * x);
            let py = cy.saturating_add(my * y);
            if fill {
                self.fill_rect(px.min(cx), py, x.saturating_add(1), 1, col);
            } else {
                self.set_checked(px, py, col);
            }
        }
    }

    /// An axis-aligned ellipse by the midpoint method: one pass along y while
    /// the slope is shallow, one along x while it is steep. Radii are at most
    /// [`MAX_RADIUS`] (the caller checks), so the work is bounded.
    pub fn ellipse(&self, cx: i64, cy: i64, xr: i64, yr: i64, col: u32, mask: u8, fill: bool) {
        if xr == 0 && yr == 0 {
            if mask != 0 {
                self.set_checked(cx, cy, col);
            }
            return;
        }
        let (a, b) = (xr as i128, yr as i128);
        let (two_a2, two_b2) = (2 * a * a, 2 * b * b);
        let pt =
            |x: i128, y: i128| self.ellipse_points(cx, cy, x as i64, y as i64, col, mask, fill);
        // Pass 1: start at (a, 0), step y, sometimes step x in.
        let (mut x, mut y) = (a, 0i128);
        let (mut xch, mut ych) = (b * b * (1 - 2 * a), a * a);
        let (mut err, mut stop_x, mut stop_y) = (0i128, two_b2 * a, 0i128);
        while stop_x >= stop_y {
            pt(x, y);
            y += 1;
            stop_y += two_a2;
            err += ych;
            ych += two_a2;
            if 2 * err + xch > 0 {
                x -= 1;
                stop_x -= two_b2;
                err += xch;
                xch += two_b2;
            }
        }
        // Pass 2: start at (0, b), step x, sometimes step y down.
        let (mut x, mut y) = (0i128, b);
        let (mut xch, mut ych) = (b * b, a * a * (1 - 2 * b));
        let (mut err, mut stop_x, mut stop_y) = (0i128, 0i128, two_a2 * b);
        while stop_x <= stop_y {
            let (px, py) = (x, y);
            x += 1;
            stop_x += two_b2;
            err += xch;
            xch += two_b2;
            let moved = 2 * err + ych > 0;
            if moved {
                y -= 1;
                stop_y -= two_a2;
                err += ych;
                ych += two_a2;
            }
            // Filling, the spans of one row nest: draw only the widest.
            if !fill || moved || stop_x > stop_y {
                pt(px, py);
            }
        }
    }

    /// The outline of a closed polygon through `pts` (x, y pairs), offset by (x, y).
    /// Edges run from the first point to the last, then back point by point.
    pub fn poly_outline(&self, x: i64, y: i64, pts: &[(i64, i64)], col: u32) {
        let Some(&first) = pts.first() else { return };
        let mut p1 = first;
        for &p2 in pts.iter().rev() {
            self.line(
                x.saturating_add(p1.0),
                y.saturating_add(p1.1),
                x.saturating_add(p2.0),
                y.saturating_add(p2.1),
                col,
            );
            p1 = p2;
        }
    }

    /// A filled polygon, even-odd rule, scan line by scan line. `nodes` is
    /// scratch space for at least `pts.len()` crossings.
    pub fn poly_fill(&self, x: i64, y: i64, pts: &[(i64, i64)], col: u32, nodes: &mut [i64]) {
        let Some(&first) = pts.first() else { return };
        let ymin = pts.iter().map(|p| p.1).min().unwrap_or(0);
        let ymax = pts.iter().map(|p| p.1).max().unwrap_or(0);
        // Rows outside the frame draw nothing: visit only the visible ones.
        let lo = ymin.max(0i64.saturating_sub(y));
        let hi = ymax.min(self.h().saturating_sub(1).saturating_sub(y));
        let mut row = lo;
        while row <= hi {
            let mut n = 0;
            let mut p1 = first;
            for &p2 in pts.iter().rev() {
                let ((px1, py1), (px2, py2)) = (p1, p2);
                let crosses = (py1 > row && py2 <= row) || (py1 <= row && py2 > row);
                if py1 != py2 && crosses {
                    // Where the edge crosses the row, rounded to the nearest
                    // pixel in 1/32 steps (truncating division, as in C).
                    let (a, b, c, d, r) = (
                        px1 as i128,
                        px2 as i128,
                        py1 as i128,
                        py2 as i128,
                        row as i128,
                    );
                    let node = (32 * a + 32 * (b - a) * (r - c) / (d - c) + 16) / 32;
                    if n < nodes.len() {
                        nodes[n] = node.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
                        n += 1;
                    }
                } else if row == py1.max(py2) {
                    // The bottom end of an edge (a local minimum, or a flat
                    // edge) is left out above; put its pixels back.
                    let at = |px: i64, py: i64| (x.saturating_add(px), y.saturating_add(py));
                    if py1 < py2 {
                        let (qx, qy) = at(px2, py2);
                        self.set_checked(qx, qy, col);
                    } else if py2 < py1 {
                        let (qx, qy) = at(px1, py1);
                        self.set_checked(qx, qy, col);
                    } else {
                        let ((ax, ay), (bx, by)) = (at(px1, py1), at(px2, py2));
                        self.line(ax, ay, bx, by, col);
                    }
                }
                p1 = p2;
            }
            let nodes = &mut nodes[..n];
            crate::objects::seq::insertion_sort(nodes);
            for pair in nodes.chunks_exact(2) {
                let w = pair[1].saturating_sub(pair[0]).saturating_add(1);
                self.fill_rect(x.saturating_add(pair[0]), y.saturating_add(row), w, 1, col);
            }
            row += 1;
        }
    }

    /// Moves the picture by (dx, dy); the uncovered strip keeps its old pixels.
    pub fn scroll(&self, dx: i64, dy: i64) {
        let (w, h) = (self.w(), self.h());
        if dx.unsigned_abs() >= w as u64 || dy.unsigned_abs() >= h as u64 {
            return;
        }
        // Walk against the direction of motion so every source pixel is read
        // before it is overwritten.
        let xs: (i64, i64, i64) = if dx < 0 {
            (0, w + dx, 1)
        } else {
            (w - 1, dx - 1, -1)
        };
        let ys: (i64, i64, i64) = if dy < 0 {
            (0, h + dy, 1)
        } else {
            (h - 1, dy - 1, -1)
        };
        let mut y = ys.0;
        while y != ys.1 {
            let mut x = xs.0;
            while x != xs.1 {
                let c = self.get((x - dx) as usize, (y - dy) as usize);
                self.set(x as usize, y as usize, c);
                x += xs.2;
            }
            y += ys.2;
        }
    }

    /// Draws `text` (one glyph per byte) with its top-left corner at (x, y).
    /// A NUL byte ends the text, as it does in MicroPython.
    pub fn text(&self, text: &[u8], x: i64, y: i64, col: u32) {
        let mut x0 = x;
        for &b in text {
            if x0 >= self.w() || b == 0 {
                break;
            }
            let glyph = super::framebuf_font::glyph(b);
            for (j, &column) in glyph.iter().enumerate() {
                let cx = x0.saturating_add(j as i64);
                if !(0..self.w()).contains(&cx) {
                    continue;
                }
                for r in 0..8 {
                    if column >> r & 1 == 1 {
                        self.set_checked(cx, y.saturating_add(r), col);
                    }
                }
            }
            x0 = x0.saturating_add(8);
        }
    }

    /// Copies `src` with its top-left corner at (x, y). Source pixels equal
    /// to `key` (after the palette, if any) are skipped; with a palette, a
    /// source pixel value v is replaced by the palette's pixel (v, 0).
    pub fn blit(&self, src: &Surface, x: i64, y: i64, key: i64, palette: Option<&Surface>) {
        if x >= self.w() || y >= self.h() || x <= -src.w() || y <= -src.h() {
            return;
        }
        let (x0, y0) = (x.max(0), y.max(0));
        let (sx0, sy0) = ((-x).max(0), (-y).max(0));
        let x1 = self.w().min(x + src.w());
        let y1 = self.h().min(y + src.h());
        for (dy, yy) in (y0..y1).enumerate() {
            for (dx, xx) in (x0..x1).enumerate() {
                let sx = sx0 as usize + dx;
                let sy = sy0 as usize + dy;
                let mut c = src.get(sx, sy);
                if let Some(p) = palette {
                    c = p.get(c as usize, 0);
                }
                if c != key as u32 {
                    self.set(xx as usize, yy as usize, c);
                }
            }
        }
    }
}

/// The largest ellipse radius drawn (bounds the drawing loops' work).
pub const MAX_RADIUS: i64 = 1 << 20;

/// Line end points are clamped to ±this (MicroPython's own arithmetic
/// overflows long before).
const LINE_COORD_MAX: i64 = 1 << 61;

/// Polygon vertices are clamped to ±this, so the crossing arithmetic of a
/// filled polygon fits in 128 bits (MicroPython's overflows beyond ±2^29).
pub const POLY_COORD_MAX: i64 = 1 << 48;

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(cells: &[Cell<u8>], w: i64, h: i64, f: i64) -> Surface<'_> {
        let (g, need) = Geom::new(w, h, f, w).unwrap();
        assert!(need <= cells.len());
        Surface {
            mem: Mem::Rw(cells),
            g,
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(Geom::new(10, 10, 3, 10).unwrap().1, 20);
        assert_eq!(Geom::new(1, 9, 0, 10).unwrap().1, 11);
        assert_eq!(Geom::new(8, 2, 1, 10).unwrap().1, 36);
        assert!(matches!(Geom::new(10, 10, 9, 10), Err(true)));
        assert!(matches!(Geom::new(10, 10, 3, 9), Err(false)));
        assert!(matches!(Geom::new(0x10000, 1, 6, 0x10000), Err(false)));
    }

    #[test]
    fn far_lines_and_shapes_stay_inside() {
        let cells: [Cell<u8>; 16] = Default::default();
        let s = surface(&cells, 4, 4, 6);
        s.line(i64::MIN, i64::MIN, i64::MAX, i64::MAX, 1);
        s.line(-1_000_000_000_000, 2, 1_000_000_000_000, 2, 2);
        assert_eq!(cells[10].get(), 2);
        s.fill_rect(i64::MAX, i64::MAX, i64::MAX, i64::MAX, 3);
        s.fill_rect(i64::MIN, i64::MIN, i64::MAX, i64::MAX, 4);
        s.ellipse(0, 0, MAX_RADIUS, MAX_RADIUS, 5, 15, true);
        s.scroll(i64::MIN, i64::MAX);
        s.text(b"hi", i64::MAX - 3, i64::MIN, 1);
        assert_eq!(cells[10].get(), 5);
    }

    #[test]
    fn shrunken_memory_is_not_overrun() {
        let cells: [Cell<u8>; 4] = Default::default();
        let (g, _) = Geom::new(8, 8, 6, 8).unwrap();
        let s = Surface {
            mem: Mem::Rw(&cells),
            g,
        };
        s.fill(7);
        assert_eq!(s.get(7, 7), 0);
        assert!(cells.iter().all(|c| c.get() == 7));
    }
}
