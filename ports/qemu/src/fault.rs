//! What the firmware does when Rust gives up: a panic (a failed Rust
//! allocation included) or a hard fault prints a message on UART0 and
//! reboots the board, so a failure is never silent and the REPL comes back.

use core::fmt::Write;

/// Writes formatted text straight to the UART (no allocation).
struct Uart;

impl Write for Uart {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for part in s.split('\n').enumerate() {
            if part.0 > 0 {
                crate::uart::send(b"\r\n");
            }
            crate::uart::send(part.1.as_bytes());
        }
        Ok(())
    }
}

/// Prints `FATAL: ...` and reboots. In the middle of a raw REPL reply the
/// message goes out as the reply's error part (`\x04` error `\x04>`), so a
/// host tool such as mpremote or run-tests reports it and goes on.
fn die(args: core::fmt::Arguments) -> ! {
    cortex_m::interrupt::disable();
    let raw = pyrite::repl::RAW_OUTPUT_OPEN.load(core::sync::atomic::Ordering::Relaxed);
    if raw {
        crate::uart::send(b"\x04");
    }
    let _ = writeln!(Uart, "\nFATAL: {args}");
    if let Some((free, run)) = crate::heap::free_figures() {
        let _ = writeln!(Uart, "heap: {free} bytes free, largest free run {run}");
    }
    let _ = writeln!(Uart, "rebooting");
    if raw {
        crate::uart::send(b"\x04>");
    }
    cortex_m::peripheral::SCB::sys_reset()
}

/// Stops the board visibly for an error no reboot would fix.
pub fn halt(msg: &str) -> ! {
    cortex_m::interrupt::disable();
    let _ = writeln!(Uart, "\nFATAL: {msg}; halted");
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    die(format_args!("{info}"))
}

#[cortex_m_rt::exception]
unsafe fn HardFault(ef: &cortex_m_rt::ExceptionFrame) -> ! {
    die(format_args!("hard fault at pc {:#010x}", ef.pc()))
}
