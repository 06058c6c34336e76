//! Pyrite runtime (to be written).
#![no_std]

pub mod gc;
