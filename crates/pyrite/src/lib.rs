//! Pyrite's runtime: the heap and collector, objects, the VM, builtins and modules.
//!
//! `no_std` + `alloc`. A port creates a [`vm::Vm`] over a heap region and a
//! [`port::Port`] and runs source through [`compile`].
#![no_std]
// The `unsafe` boundary: only the modules that lay out objects, run the
// collector or read the memory those make say `#![allow(unsafe_code)]`
// (ARCHITECTURE.md lists them); everything else is checked safe code.
#![deny(unsafe_code)]

extern crate alloc;

pub mod builtins;
pub mod compile;
pub mod format;
pub mod format_fields;
pub mod format_percent;
pub mod frozen;
pub mod gc;
pub mod import;
pub mod modules;
pub mod num;
pub mod obj;
pub mod objects;
pub mod port;
pub mod qstr;
pub mod ramfs;
pub mod repl;
pub mod value;
pub mod vm;

pub use pyrite_compiler::checked;
pub use value::Value;
pub use vm::{PyErr, PyResult, Vm};
