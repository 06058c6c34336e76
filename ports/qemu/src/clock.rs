//! The clock: SysTick interrupts every millisecond from the 25 MHz core
//! clock; microseconds come from the count within the current millisecond.

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};

/// The core clock of QEMU's mps2-an385.
pub const CPU_HZ: u32 = 25_000_000;
const CYCLES_PER_MS: u32 = CPU_HZ / 1000;

/// Milliseconds since start-up (wraps after 49 days; `ticks_us` widens it).
static MS: AtomicU32 = AtomicU32::new(0);

/// Starts SysTick with a 1 ms period and its interrupt.
pub fn init(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(CYCLES_PER_MS - 1);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

/// The SysTick interrupt.
pub fn on_tick() {
    MS.fetch_add(1, Ordering::Relaxed);
}

/// Microseconds since start-up.
pub fn ticks_us() -> u64 {
    cortex_m::interrupt::free(|_| {
        let mut ms = MS.load(Ordering::Relaxed);
        let mut val = SYST::get_current();
        if SCB::is_pendst_pending() {
            // The counter wrapped but the interrupt has not run yet (we hold
            // it off): count that millisecond, with a value read after the wrap.
            ms = ms.wrapping_add(1);
            val = SYST::get_current();
        }
        let within = (CYCLES_PER_MS - 1 - val.min(CYCLES_PER_MS - 1)) / (CPU_HZ / 1_000_000);
        ms as u64 * 1000 + within as u64
    })
}
