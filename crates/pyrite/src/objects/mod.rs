//! The built-in object types, one file per type family.

pub mod bool_;
pub mod bytes;
pub mod bytes_methods;
pub mod descr;
pub mod dict;
pub mod dict_methods;
pub mod exception;
pub mod float;
pub mod func;
pub mod generator;
pub mod int;
pub mod iter;
pub mod list;
pub mod module;
pub mod none;
pub mod range;
pub mod seq;
pub mod set;
pub mod slice;
pub mod str;
pub mod str_methods;
pub mod super_;
pub mod text;
pub mod text_case;
pub mod text_split;
pub mod tuple;
pub mod type_;
pub mod unicode_class;

/// Called by the collector for runs with the finaliser bit, before they are freed.
pub fn finalise(_p: core::ptr::NonNull<u8>) {}
