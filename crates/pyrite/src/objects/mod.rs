//! The built-in object types, one file per type family.

pub mod array;
pub mod attrtuple;
pub mod bool_;
pub mod buffer;
pub mod bytearray;
pub mod bytes;
pub mod bytes_methods;
pub mod code;
pub mod complex;
pub mod defaultdict;
pub mod deque;
pub mod descr;
pub mod dict;
pub mod dict_methods;
pub mod dict_view;
pub mod dir;
pub mod exception;
pub mod exception_group;
pub mod ext;
pub mod file;
pub mod float;
pub mod float_digits;
pub mod float_fmt;
pub mod func;
pub mod generator;
pub mod int;
pub mod int_big;
pub mod int_methods;
pub mod intern;
pub mod iter;
pub mod lazy_iter;
pub mod list;
pub mod memoryview;
pub mod module;
pub mod namedtuple;
pub mod none;
pub mod ordereddict;
pub mod range;
pub mod seq;
pub mod set;
pub mod set_table;
pub mod slice;
pub mod slot_methods;
pub mod str;
pub mod str_methods;
pub mod stream;
pub mod stringio;
pub mod super_;
#[cfg(feature = "tstring")]
pub mod template;
pub mod text;
pub mod text_case;
pub mod text_split;
pub mod tuple;
pub mod type_;
pub mod unicode_case;
pub mod unicode_class;

/// Called by the collector for runs with the finaliser bit, before they are freed.
pub fn finalise(p: core::ptr::NonNull<u8>, port: &mut dyn crate::port::Port) {
    file::finalise(p, port);
    ext::finalise(p, port);
}
