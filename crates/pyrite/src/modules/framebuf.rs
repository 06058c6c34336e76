//! `framebuf`: `FrameBuffer`, a picture drawn into any writable buffer
//! (bytearray, memoryview, array), and its pixel-format constants. The
//! drawing itself is in `framebuf_draw.rs`, the font in `framebuf_font.rs`.
//!
//! A FrameBuffer keeps its buffer object (a gc-scanned field) and asks it
//! for its bytes afresh on every call, after all arguments are converted
//! (converting may run Python code that resizes the buffer). Display
//! drivers subclass it and call `super().__init__(buf, w, h, format)`: a
//! subclass instance gets an empty native FrameBuffer that `__init__` fills.

use crate::obj::Args;
use alloc::vec::Vec;
use core::cell::Cell;
use pyrite_compiler::checked::Checked;

use super::framebuf_draw::{Format, Geom, Mem, Surface, MAX_RADIUS, POLY_COORD_MAX};
use crate::gc::AllocFlags;
use crate::obj::{tflags, type_of, Gc, Layout, Member, NativeFn, ObjBase, Slots, TypeObj};
use crate::objects::buffer::{buffer_of, item_size, Buf};
use crate::objects::type_::native_part;
use crate::qstr::{q, Qstr};
use crate::value::Value;
use crate::vm::{Kw, Out, PyErr, PyResult, Vm};

#[repr(C)]
pub struct FrameBufObj {
    pub base: ObjBase,
    /// The object whose buffer holds the pixels (never itself a FrameBuffer).
    buf: Cell<Value>,
    /// The shape; None until `__init__` has run (a subclass's native part).
    geom: Cell<Option<Geom>>,
}

crate::py_obj!(FrameBufObj, Layout::FrameBuf);

/// The native FrameBuffer of `v` (itself, or a subclass instance's part).
fn as_framebuf(v: Value) -> Option<Gc<FrameBufObj>> {
    Gc::<FrameBufObj>::from_value(native_part(v).unwrap_or(v))
}

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<FrameBufObj>> {
    as_framebuf(v).ok_or_else(|| vm.type_error("FrameBuffer required"))
}

/// An int argument as i64 (a big int too, when it fits, as MicroPython takes any machine word).
fn int(vm: &mut Vm, v: Value) -> PyResult<i64> {
    if let Some((neg, mag)) = crate::objects::int_big::view(v) {
        let mut m: u128 = 0;
        for (i, &limb) in mag.iter().enumerate() {
            if i >= 3 {
                m = u128::MAX;
                break;
            }
            m |= (limb as u128) << (32 * i);
        }
        let signed = if neg {
            -(m.min(1 << 64) as i128)
        } else {
            m.min(1 << 64) as i128
        };
        return i64::try_from(signed)
            .map_err(|_| vm.overflow_error("overflow converting long int to machine word"));
    }
    Ok(vm.to_index(v)? as i64)
}

fn ints<const N: usize>(vm: &mut Vm, a: Args) -> PyResult<[i64; N]> {
    let mut out = [0; N];
    for (o, v) in out.iter_mut().zip(a) {
        *o = int(vm, *v)?;
    }
    Ok(out)
}

fn need_buffer(vm: &mut Vm, v: Value) -> PyErr {
    vm.type_error(&alloc::format!(
        "object with buffer protocol required, not '{}'",
        type_of(v).name().as_str()
    ))
}

/// Checks `(buffer, width, height, format[, stride])` and returns the object
/// to keep and the shape. `write`: the buffer must be writable.
fn shape(vm: &mut Vm, a: Args, write: bool) -> PyResult<(Value, Geom)> {
    let [w, h, f] = ints::<3>(vm, Checked(&a[1..4]))?;
    let stride = match a.get(4) {
        Some(s) => int(vm, *s)?,
        None => w,
    };
    let (g, need) = match Geom::new(w, h, f, stride) {
        Ok(x) => x,
        Err(true) => return Err(vm.value_error("invalid format")),
        Err(false) => return Err(vm.value_error("invalid FrameBuffer dimensions")),
    };
    // A FrameBuffer over a FrameBuffer keeps the inner one's buffer object.
    let obj = match as_framebuf(a[0]) {
        Some(inner) => inner.buf.get(),
        None => a[0],
    };
    let b = match buffer_of(obj) {
        Some(b) if b.writable || !write => b,
        _ => return Err(need_buffer(vm, a[0])),
    };
    if need > b.len() {
        return Err(vm.value_error("buffer too small for FrameBuffer"));
    }
    Ok((obj, g))
}

/// A surface on the current bytes of `obj`'s buffer.
fn surface<'a>(obj: Value, g: Geom) -> Surface<'a> {
    let mem = match buffer_of(obj) {
        Some(b) => mem_of(&b),
        None => Mem::Ro(&[]),
    };
    Surface { mem, g }
}

fn mem_of<'a>(b: &Buf) -> Mem<'a> {
    match b.cells() {
        Some(c) => Mem::Rw(c),
        None => Mem::Ro(b.bytes()),
    }
}

/// The shape of an initialised FrameBuffer.
fn geom(vm: &mut Vm, fb: Gc<FrameBufObj>) -> PyResult<Geom> {
    fb.geom
        .get()
        .ok_or_else(|| vm.value_error("FrameBuffer.__init__ was not called"))
}

/// Converts the int arguments `a[1..=N]`, then draws with `f` on `a[0]`'s pixels.
fn draw<const N: usize>(vm: &mut Vm, a: Args, f: impl FnOnce(&Surface, [i64; N])) -> PyResult {
    let fb = this(vm, a[0])?;
    let args = ints::<N>(vm, Checked(&a[1..]))?;
    let g = geom(vm, fb)?;
    f(&surface(fb.buf.get(), g), args);
    Ok(Value::NONE)
}

// ---------------------------------------------------------------- construction

fn fb_new(vm: &mut Vm, _ty: Value, a: Args, kw: Option<Kw>) -> PyResult {
    if kw.is_some_and(|k| !k.is_empty()) {
        return Err(vm.type_error("FrameBuffer() takes no keyword arguments"));
    }
    // No arguments: the empty native part of a subclass instance, which the
    // subclass's `super().__init__(...)` then fills.
    let (buf, geom) = match a.len() {
        0 => (Value::NONE, None),
        4 | 5 => {
            let (b, g) = shape(vm, a, true)?;
            (b, Some(g))
        }
        n => {
            return Err(vm.type_error(&alloc::format!(
                "FrameBuffer() takes 4 or 5 arguments ({n} given)"
            )))
        }
    };
    let o = vm.alloc_obj(
        FrameBufObj {
            base: ObjBase::new(&FRAMEBUF_TYPE),
            buf: Cell::new(buf),
            geom: Cell::new(geom),
        },
        0,
        AllocFlags::NONE,
    )?;
    Ok(o.value())
}

/// `FrameBuffer.__init__(self, buffer, width, height, format[, stride])`.
fn m_init(vm: &mut Vm, a: Args) -> PyResult {
    let fb = this(vm, a[0])?;
    if a.len() < 5 {
        return Err(vm.type_error("FrameBuffer.__init__ takes 4 or 5 arguments"));
    }
    let (buf, g) = shape(vm, Checked(&a[1..]), true)?;
    fb.buf.set(buf);
    fb.geom.set(Some(g));
    Ok(Value::NONE)
}

/// `FrameBuffer1(buffer, width, height[, stride])`: the old MONO_VLSB-only constructor.
fn framebuffer1(vm: &mut Vm, a: Args) -> PyResult {
    let stride = a.get(3).copied().unwrap_or(a[1]);
    let args = [
        a[0],
        a[1],
        a[2],
        Value::small(Format::MonoVlsb as isize),
        stride,
    ];
    fb_new(vm, FRAMEBUF_TYPE.value(), Checked(&args), None)
}

/// The buffer slot: the pixels' buffer itself, as MicroPython gives it.
fn fb_buffer(v: Value) -> Option<(*mut u8, usize, bool)> {
    let inner = Gc::<FrameBufObj>::from_value(v)?.buf.get();
    let inner = native_part(inner).unwrap_or(inner);
    if Gc::<FrameBufObj>::from_value(inner).is_some() {
        return None;
    }
    (type_of(inner).slots.buffer?)(inner)
}

fn fb_repr(_vm: &mut Vm, _v: Value, out: &mut Out, _r: bool) -> PyResult<()> {
    out.push_str("<FrameBuffer>");
    Ok(())
}

// ---------------------------------------------------------------- drawing

fn m_fill(vm: &mut Vm, a: Args) -> PyResult {
    draw::<1>(vm, a, |s, [c]| s.fill(c as u32))
}

fn m_fill_rect(vm: &mut Vm, a: Args) -> PyResult {
    draw::<5>(vm, a, |s, [x, y, w, h, c]| {
        s.fill_rect(x, y, w, h, c as u32)
    })
}

fn m_hline(vm: &mut Vm, a: Args) -> PyResult {
    draw::<4>(vm, a, |s, [x, y, w, c]| s.fill_rect(x, y, w, 1, c as u32))
}

fn m_vline(vm: &mut Vm, a: Args) -> PyResult {
    draw::<4>(vm, a, |s, [x, y, h, c]| s.fill_rect(x, y, 1, h, c as u32))
}

fn m_line(vm: &mut Vm, a: Args) -> PyResult {
    draw::<5>(vm, a, |s, [x1, y1, x2, y2, c]| {
        s.line(x1, y1, x2, y2, c as u32)
    })
}

/// `pixel(x, y)` reads (None outside the frame); `pixel(x, y, c)` writes.
fn m_pixel(vm: &mut Vm, a: Args) -> PyResult {
    let fb = this(vm, a[0])?;
    let [x, y] = ints::<2>(vm, Checked(&a[1..3]))?;
    let c = match a.get(3) {
        Some(c) => Some(int(vm, *c)? as u32),
        None => None,
    };
    let g = geom(vm, fb)?;
    if !(0..g.width as i64).contains(&x) || !(0..g.height as i64).contains(&y) {
        return Ok(Value::NONE);
    }
    let s = surface(fb.buf.get(), g);
    match c {
        Some(c) => {
            s.set(x as usize, y as usize, c);
            Ok(Value::NONE)
        }
        None => Ok(Value::small(s.get(x as usize, y as usize) as isize)),
    }
}

/// `rect(x, y, w, h, c[, f])`: an outline, or filled when f is true.
fn m_rect(vm: &mut Vm, a: Args) -> PyResult {
    let fill = match a.get(6) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    draw::<5>(vm, Checked(&a[..6]), |s, [x, y, w, h, c]| {
        let c = c as u32;
        if fill {
            s.fill_rect(x, y, w, h, c);
        } else {
            let right = x.saturating_add(w).saturating_sub(1);
            let bottom = y.saturating_add(h).saturating_sub(1);
            s.fill_rect(x, y, w, 1, c);
            s.fill_rect(x, bottom, w, 1, c);
            s.fill_rect(x, y, 1, h, c);
            s.fill_rect(right, y, 1, h, c);
        }
    })
}

/// `ellipse(x, y, xr, yr, c[, f[, m]])`; m's low four bits pick quadrants.
fn m_ellipse(vm: &mut Vm, a: Args) -> PyResult {
    let fill = match a.get(6) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    let mask = match a.get(7) {
        Some(m) => (int(vm, *m)? & 0x0f) as u8,
        None => 0x0f,
    };
    let fb = this(vm, a[0])?;
    let [x, y, xr, yr, c] = ints::<5>(vm, Checked(&a[1..6]))?;
    if xr.abs() > MAX_RADIUS || yr.abs() > MAX_RADIUS {
        return Err(vm.value_error("ellipse radius too large"));
    }
    let g = geom(vm, fb)?;
    surface(fb.buf.get(), g).ellipse(x, y, xr, yr, c as u32, mask, fill);
    Ok(Value::NONE)
}

/// Coordinate `i` of an integer buffer (native byte order).
fn coord(b: &[u8], tc: u8, size: usize, i: usize) -> i64 {
    let Some(item) = b.get(i * size..(i + 1) * size) else {
        return 0;
    };
    let mut raw = [0u8; 8];
    if cfg!(target_endian = "little") {
        raw[..size].copy_from_slice(item);
    } else {
        raw[8 - size..].copy_from_slice(item);
    }
    let u = u64::from_ne_bytes(raw);
    let bits = 8 * size as u32;
    if matches!(tc, b'b' | b'h' | b'i' | b'l' | b'q') && bits < 64 {
        ((u << (64 - bits)) as i64) >> (64 - bits)
    } else {
        u as i64
    }
}

/// The polygon points in `coords` (an integer buffer), or None if it has none.
fn poly_points(vm: &mut Vm, coords: Value) -> PyResult<Option<Vec<(i64, i64)>>> {
    let b = buffer_of(coords).ok_or_else(|| need_buffer(vm, coords))?;
    let size = item_size(b.typecode).unwrap_or(1);
    if matches!(b.typecode, b'f' | b'd' | b'e' | b'O' | b'P') {
        return Err(vm.type_error("can't convert float to int"));
    }
    let n = b.len() / (2 * size);
    if n == 0 {
        return Ok(None);
    }
    let mut pts = Vec::new();
    if pts.try_reserve_exact(n).is_err() {
        return Err(vm.memory_error());
    }
    let bytes = b.bytes();
    for i in 0..n {
        let c = |j| coord(bytes, b.typecode, size, j).clamp(-POLY_COORD_MAX, POLY_COORD_MAX);
        pts.push((c(2 * i), c(2 * i + 1)));
    }
    Ok(Some(pts))
}

/// `poly(x, y, coords, c[, f])`: a closed polygon through the (x, y) pairs of `coords`.
fn m_poly(vm: &mut Vm, a: Args) -> PyResult {
    let fb = this(vm, a[0])?;
    let [x, y] = ints::<2>(vm, Checked(&a[1..3]))?;
    // As in MicroPython, a polygon without points is not drawn (its colour
    // argument is not even looked at).
    match buffer_of(a[3]) {
        Some(b) if b.len() < 2 * item_size(b.typecode).unwrap_or(1) => return Ok(Value::NONE),
        Some(_) => {}
        None => return Err(need_buffer(vm, a[3])),
    }
    let c = int(vm, a[4])? as u32;
    let fill = match a.get(5) {
        Some(f) => vm.truthy(*f)?,
        None => false,
    };
    let g = geom(vm, fb)?;
    // Read the points again: converting `c` or `f` may have run Python code.
    let Some(pts) = poly_points(vm, a[3])? else {
        return Ok(Value::NONE);
    };
    if fill {
        let mut nodes = Vec::new();
        if nodes.try_reserve_exact(pts.len()).is_err() {
            return Err(vm.memory_error());
        }
        nodes.resize(pts.len(), 0i64);
        surface(fb.buf.get(), g).poly_fill(x, y, &pts, c, &mut nodes);
    } else {
        surface(fb.buf.get(), g).poly_outline(x, y, &pts, c);
    }
    Ok(Value::NONE)
}

/// `text(s, x, y[, c])`: 8x8 glyphs, one per byte of `s`, colour 1 by default.
fn m_text(vm: &mut Vm, a: Args) -> PyResult {
    let fb = this(vm, a[0])?;
    let [x, y] = ints::<2>(vm, Checked(&a[2..4]))?;
    let c = match a.get(4) {
        Some(c) => int(vm, *c)? as u32,
        None => 1,
    };
    let g = geom(vm, fb)?;
    let s = native_part(a[1]).unwrap_or(a[1]);
    let text: &[u8] = if let Some(t) = crate::objects::str::as_str(&s) {
        t.as_bytes()
    } else if let Some(b) = Gc::<crate::objects::bytes::BytesObj>::from_value(s) {
        b.leak_ref().as_bytes()
    } else {
        return Err(vm.type_error(&alloc::format!(
            "can't convert '{}' object to str implicitly",
            type_of(a[1]).name().as_str()
        )));
    };
    surface(fb.buf.get(), g).text(text, x, y, c);
    Ok(Value::NONE)
}

fn m_scroll(vm: &mut Vm, a: Args) -> PyResult {
    draw::<2>(vm, a, |s, [dx, dy]| s.scroll(dx, dy))
}

/// A blit source or palette: a FrameBuffer, or a `(buffer, w, h, format[, stride])` tuple or list.
fn source(vm: &mut Vm, v: Value) -> PyResult<(Value, Geom)> {
    if let Some(fb) = as_framebuf(v) {
        let g = geom(vm, fb)?;
        return Ok((fb.buf.get(), g));
    }
    // The items are copied to the native stack (scanned by the collector):
    // converting them may run Python code that changes a list.
    let mut items = [Value::NONE; 5];
    let n = if let Some(t) = crate::objects::tuple::as_tuple(v) {
        let src = t.items();
        items.iter_mut().zip(src).for_each(|(d, s)| *d = *s);
        src.len()
    } else if let Some(l) = crate::objects::list::as_list(v) {
        for (i, d) in items.iter_mut().enumerate() {
            *d = l.get(i).unwrap_or(Value::NONE);
        }
        l.len()
    } else {
        return Err(vm.type_error(&alloc::format!(
            "FrameBuffer or tuple expected, not '{}'",
            type_of(v).name().as_str()
        )));
    };
    if !(4..=5).contains(&n) {
        return Err(vm.value_error("expected (buffer, width, height, format[, stride])"));
    }
    shape(vm, Checked(&items[..n]), false)
}

/// `blit(fbuf, x, y, key=-1, palette=None)`.
fn m_blit(vm: &mut Vm, a: Args, kw: Option<Kw>) -> PyResult {
    let mut key = a.get(4).copied();
    let mut pal = a.get(5).copied();
    if let Some(kw) = kw {
        kw.check(vm, &[q::key, q::palette])?;
        key = kw.get(q::key).or(key);
        pal = kw.get(q::palette).or(pal);
    }
    if !(4..=6).contains(&a.len()) {
        return Err(vm.type_error("blit() takes 3 to 5 arguments"));
    }
    let fb = this(vm, a[0])?;
    let (src_obj, src_g) = source(vm, a[1])?;
    let [x, y] = ints::<2>(vm, Checked(&a[2..4]))?;
    let key = match key {
        Some(k) => int(vm, k)?,
        None => -1,
    };
    let pal = match pal {
        Some(p) if !p.is_none() => Some(source(vm, p)?),
        _ => None,
    };
    let g = geom(vm, fb)?;
    let dst = surface(fb.buf.get(), g);
    let src = surface(src_obj, src_g);
    let pal = pal.map(|(o, g)| surface(o, g));
    dst.blit(&src, x, y, key, pal.as_ref());
    Ok(Value::NONE)
}

// ---------------------------------------------------------------- tables

macro_rules! methods {
    ($($stat:ident = $name:ident, $min:expr, $max:expr, $f:expr;)*) => {
        $(static $stat: NativeFn = NativeFn::pos(q::$name, $min, $max, $f);)*
    };
}

methods! {
    INIT = __init__, 5, 6, m_init;
    FILL = fill, 2, 2, m_fill;
    FILL_RECT = fill_rect, 6, 6, m_fill_rect;
    PIXEL = pixel, 3, 4, m_pixel;
    HLINE = hline, 5, 5, m_hline;
    VLINE = vline, 5, 5, m_vline;
    LINE = line, 6, 6, m_line;
    RECT = rect, 6, 7, m_rect;
    ELLIPSE = ellipse, 6, 8, m_ellipse;
    POLY = poly, 5, 6, m_poly;
    TEXT = text, 4, 5, m_text;
    SCROLL = scroll, 3, 3, m_scroll;
    FB1 = FrameBuffer1, 3, 4, framebuffer1;
}
static BLIT: NativeFn = NativeFn::kw(q::blit, m_blit);

static MEMBERS: &[(Qstr, Member)] = &[
    (q::__init__, Member::Fn(&INIT)),
    (q::fill, Member::Fn(&FILL)),
    (q::fill_rect, Member::Fn(&FILL_RECT)),
    (q::pixel, Member::Fn(&PIXEL)),
    (q::hline, Member::Fn(&HLINE)),
    (q::vline, Member::Fn(&VLINE)),
    (q::line, Member::Fn(&LINE)),
    (q::rect, Member::Fn(&RECT)),
    (q::ellipse, Member::Fn(&ELLIPSE)),
    (q::poly, Member::Fn(&POLY)),
    (q::blit, Member::Fn(&BLIT)),
    (q::scroll, Member::Fn(&SCROLL)),
    (q::text, Member::Fn(&TEXT)),
];

pub static FRAMEBUF_TYPE: TypeObj = TypeObj {
    flags: tflags::BASETYPE,
    slots: &Slots {
        new: Some(fb_new),
        repr: Some(fb_repr),
        buffer: Some(fb_buffer),
        members: MEMBERS,
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::FrameBuffer,
        Layout::FrameBuf,
        Some(&crate::objects::type_::OBJECT_TYPE),
    )
};

pub static FRAMEBUF: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::framebuf, &FRAMEBUF),
    members: &[
        (q::FrameBuffer, Member::Obj(&FRAMEBUF_TYPE.base)),
        (q::FrameBuffer1, Member::Obj(&FB1.base)),
        (q::MVLSB, Member::Int(Format::MonoVlsb as isize)),
        (q::MONO_VLSB, Member::Int(Format::MonoVlsb as isize)),
        (q::RGB565, Member::Int(Format::Rgb565 as isize)),
        (q::GS2_HMSB, Member::Int(Format::Gs2Hmsb as isize)),
        (q::GS4_HMSB, Member::Int(Format::Gs4Hmsb as isize)),
        (q::GS8, Member::Int(Format::Gs8 as isize)),
        (q::MONO_HLSB, Member::Int(Format::MonoHlsb as isize)),
        (q::MONO_HMSB, Member::Int(Format::MonoHmsb as isize)),
    ],
};
