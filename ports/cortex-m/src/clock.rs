//! The clock: SysTick interrupts every millisecond from the core clock;
//! microseconds come from the count within the current millisecond.

use core::sync::atomic::{AtomicU32, Ordering};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};

/// Milliseconds since start-up (wraps after 49 days; `ticks_us` widens it).
static MS: AtomicU32 = AtomicU32::new(0);
/// Core clock cycles per millisecond (SysTick's period), set by `init`.
static CYCLES_PER_MS: AtomicU32 = AtomicU32::new(1000);

/// Starts SysTick with a 1 ms period and its interrupt; `cpu_hz` is the core
/// clock (a multiple of 1 MHz).
pub fn init(mut syst: SYST, cpu_hz: u32) {
    let per_ms = cpu_hz / 1000;
    CYCLES_PER_MS.store(per_ms, Ordering::Relaxed);
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(per_ms - 1);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

/// The SysTick interrupt (a board's `SysTick` handler calls it).
pub fn on_tick() {
    MS.fetch_add(1, Ordering::Relaxed);
}

/// Microseconds since start-up.
pub fn ticks_us() -> u64 {
    let per_ms = CYCLES_PER_MS.load(Ordering::Relaxed);
    cortex_m::interrupt::free(|_| {
        let mut ms = MS.load(Ordering::Relaxed);
        let mut val = SYST::get_current();
        if SCB::is_pendst_pending() {
            // The counter wrapped but the interrupt has not run yet (we hold
            // it off): count that millisecond, with a value read after the wrap.
            ms = ms.wrapping_add(1);
            val = SYST::get_current();
        }
        let within = (per_ms - 1 - val.min(per_ms - 1)) / (per_ms / 1000).max(1);
        ms as u64 * 1000 + within as u64
    })
}
