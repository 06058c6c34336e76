//! Number algorithms that know nothing of the heap or of `Value`.

pub mod bigint;
pub mod fmath;
