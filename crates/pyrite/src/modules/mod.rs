//! Built-in modules, each one static table; `find_builtin` is the registry.

pub mod cmath;
pub mod io;
pub mod math;
pub mod sys;

use crate::objects::module::ModuleDef;
use crate::qstr::Qstr;

static REGISTRY: &[&ModuleDef] = &[
    &crate::builtins::BUILTINS,
    &sys::SYS,
    &math::MATH,
    &cmath::CMATH,
];

/// The built-in module named `name`, if there is one.
pub fn find_builtin(name: Qstr) -> Option<&'static ModuleDef> {
    REGISTRY.iter().copied().find(|m| m.name == name)
}
