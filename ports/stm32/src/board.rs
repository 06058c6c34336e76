//! The netduinoplus2 / STM32F405 board: its names, clock and console UART
//! for the shared Cortex-M runtime (`pyrite_cortexm`, whose `BoardPort` is
//! the `Port`).

use crate::usart::Usart1;

/// The STM32F405 board (no state of its own yet).
#[derive(Default)]
pub struct Board;

impl pyrite_cortexm::Board for Board {
    type Uart = Usart1;
    const BANNER: &'static str = "NETDUINO_PLUS_2 [Rust] with STM32F405RG";
    const MACHINE: &'static str = "NETDUINO_PLUS_2 with STM32F405RG";
    /// As MicroPython's STM32 port reports.
    const PLATFORM: &'static str = "pyboard";
    /// The core clock QEMU gives the STM32F405 (its maximum, 168 MHz).
    const CPU_HZ: u32 = 168_000_000;
    /// The stack has 46 KB (`memory.x`); the rest is a margin for the native
    /// code between two checks, interrupt handlers and the fault path.
    const STACK_LIMIT: usize = 40 * 1024;
}
