//! What the firmware does when Rust gives up: a panic (a failed Rust
//! allocation included) or a hard fault prints a message on the console
//! UART and reboots the board, so a failure is never silent and the REPL
//! comes back. A board's `#[panic_handler]` and `HardFault` call in here.

use core::fmt::Write;
use core::marker::PhantomData;

use crate::console::{self, Uart};

/// Writes formatted text straight to the UART (no allocation).
struct Raw<U>(PhantomData<U>);

impl<U: Uart> Write for Raw<U> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for part in s.split('\n').enumerate() {
            if part.0 > 0 {
                console::send::<U>(b"\r\n");
            }
            console::send::<U>(part.1.as_bytes());
        }
        Ok(())
    }
}

/// Prints `FATAL: ...` and reboots. In the middle of a raw REPL reply the
/// message goes out as the reply's error part (`\x04` error `\x04>`), so a
/// host tool such as mpremote or run-tests reports it and goes on.
pub fn die<U: Uart>(args: core::fmt::Arguments) -> ! {
    cortex_m::interrupt::disable();
    let raw = pyrite::repl::RAW_OUTPUT_OPEN.load(core::sync::atomic::Ordering::Relaxed);
    if raw {
        console::send::<U>(b"\x04");
    }
    let mut out = Raw::<U>(PhantomData);
    let _ = writeln!(out, "\nFATAL: {args}");
    if let Some((free, run)) = crate::heap::free_figures() {
        let _ = writeln!(out, "heap: {free} bytes free, largest free run {run}");
    }
    let _ = writeln!(out, "rebooting");
    if raw {
        console::send::<U>(b"\x04>");
    }
    cortex_m::peripheral::SCB::sys_reset()
}

/// Stops the board visibly for an error no reboot would fix.
pub fn halt<U: Uart>(msg: &str) -> ! {
    cortex_m::interrupt::disable();
    let _ = writeln!(Raw::<U>(PhantomData), "\nFATAL: {msg}; halted");
    loop {
        cortex_m::asm::wfi();
    }
}

/// For the board's `#[panic_handler]`.
pub fn panic<U: Uart>(info: &core::panic::PanicInfo) -> ! {
    die::<U>(format_args!("{info}"))
}

/// For the board's `HardFault` exception handler.
pub fn hard_fault<U: Uart>(ef: &cortex_m_rt::ExceptionFrame) -> ! {
    die::<U>(format_args!("hard fault at pc {:#010x}", ef.pc()))
}
