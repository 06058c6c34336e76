//! USART1 of the STM32F405 (0x40011000), the console: its registers behind
//! `pyrite_cortexm::console::Uart` (the ring buffer and Ctrl-C handling live
//! there). QEMU's netduinoplus2 connects USART1 to its first `-serial`.
//!
//! On a real chip the USART also needs its clock (RCC APB2ENR), a baud rate
//! for the actual APB2 clock and the pins in alternate function 7; QEMU
//! models none of that, and this firmware only sets what QEMU reads.

use pyrite_cortexm::console::Uart;

const BASE: usize = 0x4001_1000;
const SR: usize = BASE;
const DR: usize = BASE + 0x4;
const CR1: usize = BASE + 0xC;

const SR_RXNE: u32 = 1 << 5;
const SR_TXE: u32 = 1 << 7;
const CR1_RE: u32 = 1 << 2;
const CR1_TE: u32 = 1 << 3;
const CR1_RXNEIE: u32 = 1 << 5;
const CR1_UE: u32 = 1 << 13;

fn read(addr: usize) -> u32 {
    // SAFETY: `addr` is one of USART1's registers, always mapped on this chip.
    unsafe { core::ptr::read_volatile(addr as *const u32) }
}

fn write(addr: usize, v: u32) {
    // SAFETY: as in `read`; CR1 and DR take the values written here.
    unsafe { core::ptr::write_volatile(addr as *mut u32, v) }
}

/// USART1.
pub struct Usart1;

impl Uart for Usart1 {
    /// USART1's global interrupt (position 37 of the STM32F405's vector table).
    const RX_IRQ: u16 = 37;

    fn init() {
        // QEMU's model drops bytes that arrive before UE and RE are set.
        write(CR1, CR1_UE | CR1_TE | CR1_RE | CR1_RXNEIE);
    }

    fn write_byte(b: u8) {
        while read(SR) & SR_TXE == 0 {}
        write(DR, b as u32);
    }

    fn rx_ready() -> bool {
        read(SR) & SR_RXNE != 0
    }

    /// Reading DR clears RXNE and with it the interrupt.
    fn read_byte() -> u8 {
        read(DR) as u8
    }
}
