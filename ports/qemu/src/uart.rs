//! UART0 (ARM CMSDK APB UART at 0x40004000): polled transmit, interrupt-driven
//! receive into a ring buffer, Ctrl-C turned into a KeyboardInterrupt request.
//!
//! The receive interrupt moves bytes from the UART into `RING`; the main
//! program takes them out. When the ring is full the interrupt is masked and
//! the byte stays in the UART, which holds off the sender (QEMU stops feeding
//! a UART whose receive register is full), so no byte is ever dropped; taking
//! a byte out unmasks it again.

use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, AtomicUsize, Ordering};

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

/// UART0's receive interrupt on this board (its transmit one is 1).
pub const RX_IRQ: u16 = 0;

/// Receive ring size (a power of two; larger than two raw-paste windows).
const RING: usize = 1024;

static BUF: [AtomicU8; RING] = [const { AtomicU8::new(0) }; RING];
/// Next slot the interrupt writes; only the interrupt stores it.
static HEAD: AtomicUsize = AtomicUsize::new(0);
/// Next slot the program reads; only the program stores it.
static TAIL: AtomicUsize = AtomicUsize::new(0);
/// The byte that requests a KeyboardInterrupt instead of being queued (-1: none).
static INTR_CHAR: AtomicI32 = AtomicI32::new(-1);
/// The interrupt masked itself because the ring was full.
static STALLED: AtomicBool = AtomicBool::new(false);

fn read(addr: usize) -> u32 {
    // SAFETY: `addr` is one of UART0's registers, always mapped on this board.
    unsafe { core::ptr::read_volatile(addr as *const u32) }
}

fn write(addr: usize, v: u32) {
    // SAFETY: as in `read`; these registers take any value we write here.
    unsafe { core::ptr::write_volatile(addr as *mut u32, v) }
}

/// Enables the transmitter, the receiver and its interrupt, and unmasks the
/// interrupt in the NVIC.
pub fn init() {
    write(BAUDDIV, 16);
    write(CTRL, CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN);
    // SAFETY: the handler (`on_rx_interrupt`) is ready and touches only this
    // module's atomics, so enabling its interrupt cannot break a critical section.
    unsafe { cortex_m::peripheral::NVIC::unmask(Irq(RX_IRQ)) };
}

/// An interrupt number for `NVIC::unmask` (this board has no device crate).
#[derive(Clone, Copy)]
struct Irq(u16);

// SAFETY: `number` returns a valid external interrupt number of this board.
unsafe impl cortex_m::interrupt::InterruptNumber for Irq {
    fn number(self) -> u16 {
        self.0
    }
}

/// Sends bytes exactly as given, waiting while the transmit register is full.
pub fn send(bytes: &[u8]) {
    for &b in bytes {
        while read(STATE) & STATE_TX_FULL != 0 {}
        write(DATA, b as u32);
    }
}

/// The receive interrupt: queue every waiting byte, or request an interrupt
/// for the Ctrl-C character.
pub fn on_rx_interrupt() {
    write(INTCLEAR, INT_RX);
    while read(STATE) & STATE_RX_FULL != 0 {
        let head = HEAD.load(Ordering::Relaxed);
        if head.wrapping_sub(TAIL.load(Ordering::Acquire)) >= RING {
            // Full: leave the byte in the UART (holding the sender off) and
            // mask this interrupt until the program makes room.
            write(CTRL, CTRL_TX_EN | CTRL_RX_EN);
            STALLED.store(true, Ordering::Release);
            return;
        }
        let b = read(DATA) as u8;
        let c = INTR_CHAR.load(Ordering::Relaxed);
        if c >= 0 && b as i32 == c {
            pyrite::vm::request_interrupt();
            continue;
        }
        BUF[head % RING].store(b, Ordering::Relaxed);
        HEAD.store(head.wrapping_add(1), Ordering::Release);
    }
}

/// Takes the next received byte, if any.
pub fn try_read() -> Option<u8> {
    let tail = TAIL.load(Ordering::Relaxed);
    if HEAD.load(Ordering::Acquire) == tail {
        return None;
    }
    let b = BUF[tail % RING].load(Ordering::Relaxed);
    TAIL.store(tail.wrapping_add(1), Ordering::Release);
    if STALLED.swap(false, Ordering::AcqRel) {
        // Room again: unmask, and run the handler for the byte the UART
        // holds (its interrupt status was cleared when it stalled).
        write(CTRL, CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN);
        cortex_m::peripheral::NVIC::pend(Irq(RX_IRQ));
    }
    Some(b)
}

/// Whether a byte is waiting in the ring.
pub fn has_input() -> bool {
    HEAD.load(Ordering::Acquire) != TAIL.load(Ordering::Relaxed)
}

/// Sets the byte that requests a KeyboardInterrupt (-1: none).
pub fn set_interrupt_char(c: i32) {
    INTR_CHAR.store(c, Ordering::Relaxed);
}

/// The byte that requests a KeyboardInterrupt (-1: none).
pub fn interrupt_char() -> i32 {
    INTR_CHAR.load(Ordering::Relaxed)
}
