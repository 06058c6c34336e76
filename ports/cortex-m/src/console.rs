//! The console over a board's UART: polled transmit, interrupt-driven
//! receive into a ring buffer, Ctrl-C turned into a KeyboardInterrupt request.
//!
//! The board's receive interrupt calls [`on_rx_interrupt`], which moves bytes
//! from the UART into `BUF`; the main program takes them out. When the ring
//! is full the interrupt is masked in the NVIC and the byte stays in the
//! UART, which holds off the sender (QEMU stops feeding a UART whose receive
//! register is full), so no byte is ever dropped; taking a byte out unmasks
//! the interrupt and pends it, so the byte left behind is read.

use core::sync::atomic::{AtomicBool, AtomicI32, AtomicU8, AtomicUsize, Ordering};

/// A board's console UART, as registers (every method reaches the one
/// device; there is no instance).
pub trait Uart {
    /// The NVIC number of the interrupt raised when a byte arrives.
    const RX_IRQ: u16;
    /// Enables the transmitter, the receiver and its interrupt in the UART.
    fn init();
    /// Sends one byte, waiting while the transmitter is busy.
    fn write_byte(b: u8);
    /// Whether a received byte waits in the UART.
    fn rx_ready() -> bool;
    /// Takes the received byte (call only when `rx_ready`).
    fn read_byte() -> u8;
    /// Acknowledges the receive interrupt in the UART, for devices whose
    /// interrupt status is not cleared by reading the byte.
    fn ack_rx_interrupt() {}
}

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

/// An interrupt number for `NVIC` calls (the boards have no device crate).
#[derive(Clone, Copy)]
struct Irq(u16);

// SAFETY: `number` returns a board's `Uart::RX_IRQ`, a valid external
// interrupt number of that board.
unsafe impl cortex_m::interrupt::InterruptNumber for Irq {
    fn number(self) -> u16 {
        self.0
    }
}

/// Starts the UART and unmasks its receive interrupt.
pub fn init<U: Uart>() {
    U::init();
    // SAFETY: the handler (`on_rx_interrupt`) touches only the UART and this
    // module's atomics, so enabling its interrupt cannot break a critical section.
    unsafe { cortex_m::peripheral::NVIC::unmask(Irq(U::RX_IRQ)) };
}

/// Sends bytes exactly as given.
pub fn send<U: Uart>(bytes: &[u8]) {
    for &b in bytes {
        U::write_byte(b);
    }
}

/// The receive interrupt: queue every waiting byte, or request an interrupt
/// for the Ctrl-C character.
pub fn on_rx_interrupt<U: Uart>() {
    U::ack_rx_interrupt();
    while U::rx_ready() {
        let head = HEAD.load(Ordering::Relaxed);
        if head.wrapping_sub(TAIL.load(Ordering::Acquire)) >= RING {
            // Full: leave the byte in the UART (holding the sender off) and
            // mask this interrupt until the program makes room.
            cortex_m::peripheral::NVIC::mask(Irq(U::RX_IRQ));
            STALLED.store(true, Ordering::Release);
            return;
        }
        let b = U::read_byte();
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
pub fn try_read<U: Uart>() -> Option<u8> {
    let tail = TAIL.load(Ordering::Relaxed);
    if HEAD.load(Ordering::Acquire) == tail {
        return None;
    }
    let b = BUF[tail % RING].load(Ordering::Relaxed);
    TAIL.store(tail.wrapping_add(1), Ordering::Release);
    if STALLED.swap(false, Ordering::AcqRel) {
        // Room again: pend the handler for the byte the UART holds (a UART
        // may have dropped its interrupt line meanwhile), then unmask it.
        cortex_m::peripheral::NVIC::pend(Irq(U::RX_IRQ));
        // SAFETY: as in `init`.
        unsafe { cortex_m::peripheral::NVIC::unmask(Irq(U::RX_IRQ)) };
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
