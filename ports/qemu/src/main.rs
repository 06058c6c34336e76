//! Pyrite firmware for QEMU's mps2-an385 (Cortex-M3): the REPL on UART0,
//! one statically sized heap shared with the Rust allocator, soft reset.
//! The runtime around the REPL is `pyrite_cortexm` (`ports/cortex-m`); this
//! crate is the board: UART registers, names and clock (`port.rs`), and its
//! hardware for `machine` (`machine.rs`).
#![no_std]
#![no_main]

extern crate alloc;

mod machine;
mod port;
mod uart;

pyrite_cortexm::firmware!(port::Board);
