//! MicroPython's `machine` module, written once on the embedded-hal 1.0
//! traits: a port hands it a [`board::Board`] (through `Port::board`, as a
//! [`board::BoardCell`]) and lists [`MODULES`] in `Port::modules`.
//! [`sim`] is a simulated board with datasheet-true I2C devices, and
//! `pyrite_sim` the Python module that reaches into it.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;

mod analog;
mod args;
pub mod board;
mod i2c;
pub mod i2c_ops;
mod mem;
pub mod module;
mod pin;
mod rtc_wdt;
mod signal;
pub mod sim;
pub mod sim_module;
pub mod soft;
mod spi;
mod timer;
mod uart;

pub use board::{Board, BoardCell};
pub use mem::MEM_HOOK;
pub use pin::pin_edge;
pub use timer::poll;
pub use uart::{poll_uart, UART_HANDLE};

use pyrite::objects::module::ModuleDef;

/// The modules a port adds for hardware: `machine` (also `umachine`) and
/// `pyrite_sim` (which raises unless the board is a [`sim::SimBoard`]).
pub static MODULES: &[&ModuleDef] = &[&module::MACHINE, &sim_module::PYRITE_SIM];

/// `machine` alone, for a board with real hardware (no simulation to reach into).
pub static BOARD_MODULES: &[&ModuleDef] = &[&module::MACHINE];
