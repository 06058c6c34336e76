//! UART0 (ARM CMSDK APB UART at 0x40004000), the console: its registers
//! behind `pyrite_cortexm::console::Uart` (the ring buffer and Ctrl-C
//! handling live there).

use pyrite_cortexm::console::Uart;

const BASE: usize = 0x4000_4000;
const DATA: usize = BASE;
const STATE: usize = BASE + 0x4;
const CTRL: usize = BASE + 0x8;
const INTCLEAR: usize = BASE + 0xC;
const BAUDDIV: usize = BASE + 0x10;

const STATE_TX_FULL: u32 = 1 << 0;
const STATE_RX_FULL: u32 = 1 << 1;
const CTRL_TX_EN: u32 = 1 << 0;
const CTRL_RX_EN: u32 = 1 << 1;
const CTRL_RX_INT_EN: u32 = 1 << 3;
const INT_RX: u32 = 1 << 1;

fn read(addr: usize) -> u32 {
    // SAFETY: `addr` is one of UART0's registers, always mapped on this board.
    unsafe { core::ptr::read_volatile(addr as *const u32) }
}

fn write(addr: usize, v: u32) {
    // SAFETY: as in `read`; these registers take any value we write here.
    unsafe { core::ptr::write_volatile(addr as *mut u32, v) }
}

/// UART0.
pub struct Uart0;

impl Uart for Uart0 {
    /// UART0's receive interrupt on this board (its transmit one is 1).
    const RX_IRQ: u16 = 0;

    fn init() {
        // QEMU logs "invalid baudrate" below 16.
        write(BAUDDIV, 16);
        write(CTRL, CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN);
    }

    fn write_byte(b: u8) {
        while read(STATE) & STATE_TX_FULL != 0 {}
        write(DATA, b as u32);
    }

    fn rx_ready() -> bool {
        read(STATE) & STATE_RX_FULL != 0
    }

    fn read_byte() -> u8 {
        read(DATA) as u8
    }

    fn ack_rx_interrupt() {
        write(INTCLEAR, INT_RX);
    }
}
