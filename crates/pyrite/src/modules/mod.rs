//! Built-in modules, each one static table; `find_builtin` is the registry.

pub mod array;
pub mod binascii;
pub mod cmath;
pub mod collections;
#[cfg(feature = "cryptolib")]
pub mod cryptolib;
#[cfg(feature = "deflate")]
pub mod deflate;
pub mod digest;
pub mod errno;
pub mod framebuf;
mod framebuf_draw;
mod framebuf_font;
pub mod gc;
pub mod hashlib;
pub mod heapq;
pub mod help;
#[cfg(feature = "deflate")]
pub mod inflate;
pub mod io;
pub mod io_bufwriter;
pub mod json;
pub mod json_decode;
#[cfg(feature = "deflate")]
pub mod lz77;
#[cfg(feature = "marshal")]
pub mod marshal;
pub mod math;
pub mod micropython;
pub mod os;
#[cfg(feature = "platform")]
pub mod platform;
pub mod random;
#[cfg(feature = "re")]
pub mod re;
#[cfg(feature = "re")]
pub mod re_engine;
#[cfg(feature = "ringio")]
pub mod ringio;
pub mod select;
#[cfg(feature = "tstring")]
pub mod string;
pub mod struct_;
pub mod sys;
pub mod time;
#[cfg(feature = "uctypes")]
pub mod uctypes;
pub mod vfs;
pub mod vfs_mount;
#[cfg(feature = "weakref")]
pub mod weakref;

use crate::objects::module::ModuleDef;
use crate::qstr::Qstr;

static REGISTRY: &[&ModuleDef] = &[
    &crate::builtins::BUILTINS,
    &sys::SYS,
    &time::TIME_MODULE,
    &gc::GC,
    &micropython::MICROPYTHON,
    &errno::ERRNO,
    &array::ARRAY,
    &struct_::STRUCT,
    &math::MATH,
    &cmath::CMATH,
    &io::IO,
    &os::OS,
    &vfs::VFS,
    &collections::COLLECTIONS,
    &heapq::HEAPQ,
    &json::JSON,
    &hashlib::HASHLIB,
    &binascii::BINASCII,
    &random::RANDOM_MODULE,
    &framebuf::FRAMEBUF,
    &select::SELECT,
    #[cfg(feature = "uctypes")]
    &uctypes::UCTYPES,
    #[cfg(feature = "cryptolib")]
    &cryptolib::CRYPTOLIB,
    #[cfg(feature = "deflate")]
    &deflate::DEFLATE,
    #[cfg(feature = "platform")]
    &platform::PLATFORM,
    #[cfg(feature = "marshal")]
    &marshal::MARSHAL,
    #[cfg(feature = "weakref")]
    &weakref::WEAKREF,
    #[cfg(feature = "tstring")]
    &string::STRING,
    #[cfg(feature = "tstring")]
    &string::TEMPLATELIB,
    #[cfg(feature = "re")]
    &re::RE,
];

/// The built-in module named `name`, if there is one. As in MicroPython,
/// `ufoo` names the built-in `foo` (`utime`, `usys`, ...).
pub fn find_builtin(name: Qstr) -> Option<&'static ModuleDef> {
    if let Some(m) = REGISTRY.iter().copied().find(|m| m.name() == name) {
        return Some(m);
    }
    let rest = name.as_str().strip_prefix('u')?;
    REGISTRY
        .iter()
        .copied()
        .find(|m| m.name().as_str() == rest && m.name() != crate::qstr::q::builtins)
}

/// The module named `name` among the built-in ones, then those the port
/// adds (`Port::modules`), with the same `u` prefix aliases.
pub fn find(vm: &crate::vm::Vm, name: Qstr) -> Option<&'static ModuleDef> {
    if let Some(m) = find_builtin(name) {
        return Some(m);
    }
    let extra = vm.port.modules();
    if let Some(m) = extra.iter().copied().find(|m| m.name() == name) {
        return Some(m);
    }
    let rest = name.as_str().strip_prefix('u')?;
    extra.iter().copied().find(|m| m.name().as_str() == rest)
}

/// The names of the built-in modules (for the REPL's `import` completion).
pub fn builtin_names() -> impl Iterator<Item = Qstr> {
    REGISTRY.iter().map(|m| m.name())
}
