//! The board's CMSDK UARTs: UART0 (0x40004000), the console, behind
//! `pyrite_cortexm::console::Uart` (the ring buffer and Ctrl-C handling
//! live there), and UART1 for `machine.UART(1)` (`machine.rs`).

use pyrite_cortexm::console::Uart;

/// An ARM CMSDK APB UART at `BASE` (this board has five: UART0 is the
/// console, `machine.UART(1)` is UART1). Only this crate names one, and only
/// at [`UART0`] and [`UART1`].
pub struct Cmsdk<const BASE: usize>;

pub const UART0: usize = 0x4000_4000;
pub const UART1: usize = 0x4000_5000;
/// UART1's receive interrupt (QEMU's mps2: receive interrupts 0, 2, 4 for
/// UART0..2, each transmit one the next number).
pub const UART1_RX_IRQ: u16 = 2;

const DATA: usize = 0x0;
const STATE: usize = 0x4;
const CTRL: usize = 0x8;
const INTCLEAR: usize = 0xC;
const BAUDDIV: usize = 0x10;

const STATE_TX_FULL: u32 = 1 << 0;
const STATE_RX_FULL: u32 = 1 << 1;
pub const CTRL_TX_EN: u32 = 1 << 0;
pub const CTRL_RX_EN: u32 = 1 << 1;
pub const CTRL_RX_INT_EN: u32 = 1 << 3;
const INT_RX: u32 = 1 << 1;

impl<const BASE: usize> Cmsdk<BASE> {
    fn read(reg: usize) -> u32 {
        // SAFETY: BASE is UART0 or UART1 (see the type) and `reg` one of the
        // register offsets above: always mapped on this board.
        unsafe { core::ptr::read_volatile((BASE + reg) as *const u32) }
    }

    fn write(reg: usize, v: u32) {
        // SAFETY: as in `read`; these registers take any value written here.
        unsafe { core::ptr::write_volatile((BASE + reg) as *mut u32, v) }
    }

    /// Sets the baud divider (QEMU logs "invalid baudrate" below 16) and
    /// the control bits (`CTRL_*`).
    pub fn setup(bauddiv: u32, ctrl: u32) {
        Self::write(BAUDDIV, bauddiv.max(16));
        Self::write(CTRL, ctrl);
    }

    /// Sends one byte, waiting while the transmitter is full.
    pub fn send(b: u8) {
        while !Self::tx_ready() {}
        Self::write(DATA, b as u32);
    }

    /// Whether the transmitter takes another byte.
    pub fn tx_ready() -> bool {
        Self::read(STATE) & STATE_TX_FULL == 0
    }

    /// Whether a received byte waits (the UART holds one).
    pub fn rx_ready() -> bool {
        Self::read(STATE) & STATE_RX_FULL != 0
    }

    /// Takes the received byte (call only when `rx_ready`).
    pub fn take() -> u8 {
        Self::read(DATA) as u8
    }

    /// Clears the receive interrupt (the byte stays).
    pub fn ack_rx() {
        Self::write(INTCLEAR, INT_RX);
    }
}

/// An external interrupt number for `NVIC` calls.
#[derive(Clone, Copy)]
pub struct Irq(pub u16);

// SAFETY: only this crate makes an `Irq`, from UART1_RX_IRQ, an external
// interrupt of this board.
unsafe impl cortex_m::interrupt::InterruptNumber for Irq {
    fn number(self) -> u16 {
        self.0
    }
}

/// UART0, the console.
pub type Uart0 = Cmsdk<UART0>;

impl Uart for Uart0 {
    /// UART0's receive interrupt on this board (its transmit one is 1).
    const RX_IRQ: u16 = 0;

    fn init() {
        Self::setup(16, CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN);
    }

    fn write_byte(b: u8) {
        Self::send(b);
    }

    fn rx_ready() -> bool {
        Self::rx_ready()
    }

    fn read_byte() -> u8 {
        Self::take()
    }

    fn ack_rx_interrupt() {
        Self::write(INTCLEAR, INT_RX);
    }
}
