//! The mps2-an385 board: its names, clock and console UART for the shared
//! Cortex-M runtime (`pyrite_cortexm`, whose `BoardPort` is the `Port`).

use crate::uart::Uart0;

/// The mps2-an385 board: its hardware as `machine` reaches it (made on
/// first use: the board value exists before the heap does).
#[derive(Default)]
pub struct Board {
    machine: Option<pyrite_machine::BoardCell>,
}

impl pyrite_cortexm::Board for Board {
    type Uart = Uart0;
    const BANNER: &'static str = "MPS2 AN385 [Rust] with Cortex-M3";
    const MACHINE: &'static str = "MPS2 AN385 with Cortex-M3";
    const PLATFORM: &'static str = "qemu";
    /// The core clock of QEMU's mps2-an385.
    const CPU_HZ: u32 = 25_000_000;
    /// The stack is the top of the 4 MB of RAM, far above the heap.
    const STACK_LIMIT: usize = 256 * 1024;

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
    /// `machine.UART` handles.
    fn poll_handle(&mut self, h: i32, events: u16) -> Option<u16> {
        let cell = self.machine.as_mut()?;
        pyrite_machine::poll_uart(cell, h, events)
    }
    /// UART1's receive interrupt only wakes a wait (`select`): the byte
    /// stays in the UART for `machine.UART(1)` to read.
    fn on_interrupt(irqn: i16) {
        if irqn == crate::uart::UART1_RX_IRQ as i16 {
            crate::machine::Cmsdk1::ack_rx();
        }
    }
    fn board(&mut self) -> Option<&mut dyn core::any::Any> {
        let cell = self.machine.get_or_insert_with(|| {
            pyrite_machine::BoardCell(alloc::boxed::Box::new(crate::machine::An385::new()))
        });
        Some(cell)
    }
}
