//! The mps2-an385 board: its names, clock and console UART for the shared
//! Cortex-M runtime (`pyrite_cortexm`, whose `BoardPort` is the `Port`).

use crate::uart::Uart0;

/// The mps2-an385 board (no state of its own yet).
#[derive(Default)]
pub struct Board;

impl pyrite_cortexm::Board for Board {
    type Uart = Uart0;
    const BANNER: &'static str = "MPS2 AN385 [Rust] with Cortex-M3";
    const MACHINE: &'static str = "MPS2 AN385 with Cortex-M3";
    const PLATFORM: &'static str = "qemu";
    /// The core clock of QEMU's mps2-an385.
    const CPU_HZ: u32 = 25_000_000;
    /// The stack is the top of the 4 MB of RAM, far above the heap.
    const STACK_LIMIT: usize = 256 * 1024;
}
