//! The netduinoplus2 / STM32F405 board: its names, clock and console UART
//! for the shared Cortex-M runtime (`pyrite_cortexm`, whose `BoardPort` is
//! the `Port`).

use crate::usart::Usart1;

/// The STM32F405 board: `machine` sees its clock and reset (no pins yet:
/// QEMU's netduinoplus2 models no GPIO), made on first use since the board
/// value exists before the heap does.
#[derive(Default)]
pub struct Board {
    machine: Option<pyrite_machine::BoardCell>,
}

/// The chip as `machine` reaches it.
struct F405;

impl pyrite_machine::Board for F405 {
    fn pin(&mut self, _id: u32) -> Option<&mut dyn pyrite_machine::board::FlexPin> {
        None
    }
    fn freq(&mut self) -> u32 {
        <Board as pyrite_cortexm::Board>::CPU_HZ
    }
    /// A fixed identifier: QEMU does not model the chip's 96-bit unique ID.
    fn unique_id(&mut self) -> &[u8] {
        b"F405\x00\x00\x00\x01"
    }
    fn reset(&mut self) {
        cortex_m::peripheral::SCB::sys_reset()
    }
    fn as_any(&mut self) -> &mut dyn core::any::Any {
        self
    }
}

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

    fn modules(&self) -> &'static [&'static pyrite::objects::module::ModuleDef] {
        pyrite_machine::BOARD_MODULES
    }
    fn poll_hook(&self) -> Option<fn(&mut pyrite::Vm) -> pyrite::PyResult<()>> {
        Some(pyrite_machine::poll)
    }
    /// `uctypes` and viper raw addresses reach what `machine.mem*` does.
    fn mem_hook(&self) -> Option<&'static pyrite::port::MemHook> {
        Some(&pyrite_machine::MEM_HOOK)
    }
    fn board(&mut self) -> Option<&mut dyn core::any::Any> {
        let cell = self
            .machine
            .get_or_insert_with(|| pyrite_machine::BoardCell(alloc::boxed::Box::new(F405)));
        Some(cell)
    }
}
