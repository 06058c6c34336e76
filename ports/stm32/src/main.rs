//! Pyrite firmware for the STM32F405 (QEMU's netduinoplus2): the REPL on
//! USART1, one statically sized heap shared with the Rust allocator, soft
//! reset. The runtime around the REPL is `pyrite_cortexm` (`ports/cortex-m`);
//! this crate is the board: USART registers, names and clock (`board.rs`).
#![no_std]
#![no_main]

extern crate alloc;

mod board;
mod usart;

pyrite_cortexm::firmware!(board::Board);
