//! The board's `Port`: the console on UART0, the clock from SysTick.

use alloc::string::String;
use core::sync::atomic::Ordering;

use pyrite::port::{Port, EBADF};
use pyrite::vm::INTERRUPT;

use crate::{clock, heap, uart};

/// Services of the mps2-an385 board.
pub struct Board;

/// Sleeps until an interrupt (the UART or the 1 ms tick) unless `ready` already holds.
fn wait_until(ready: impl Fn() -> bool) {
    cortex_m::interrupt::free(|_| {
        // With interrupts masked, one arriving after the check still ends the WFI.
        if !ready() {
            cortex_m::asm::wfi();
        }
    });
}

impl Port for Board {
    fn write_stdout(&mut self, bytes: &[u8]) {
        // Program output: `\n` becomes `\r\n`, as on MicroPython's boards.
        for (i, part) in bytes.split(|&c| c == b'\n').enumerate() {
            if i > 0 {
                uart::send(b"\r\n");
            }
            uart::send(part);
        }
    }

    fn write_console(&mut self, bytes: &[u8]) {
        uart::send(bytes);
    }

    fn ticks_us(&mut self) -> u64 {
        clock::ticks_us()
    }

    fn sleep_us(&mut self, us: u64) {
        let start = clock::ticks_us();
        let done =
            || INTERRUPT.load(Ordering::Relaxed) || clock::ticks_us().wrapping_sub(start) >= us;
        while !done() {
            wait_until(done);
        }
    }

    fn set_interrupt_char(&mut self, c: i32) {
        uart::set_interrupt_char(c);
    }

    fn console_read(&mut self) -> Option<u8> {
        heap::restore_reserve();
        loop {
            if let Some(b) = uart::try_read() {
                return Some(b);
            }
            // Ctrl-C while a program waits for input (it is armed only while
            // code runs): hand it over as the byte, as the REPL expects.
            if uart::interrupt_char() >= 0 && INTERRUPT.load(Ordering::Relaxed) {
                return Some(3);
            }
            wait_until(|| uart::has_input() || INTERRUPT.load(Ordering::Relaxed));
        }
    }

    fn console_interactive(&mut self) -> bool {
        true
    }

    fn platform_name(&mut self) -> String {
        String::from("qemu")
    }

    fn machine_name(&mut self) -> String {
        String::from("MPS2 AN385 with Cortex-M3")
    }

    fn file_read(&mut self, h: i32, buf: &mut [u8]) -> Result<usize, i32> {
        if h != 0 {
            return Err(EBADF);
        }
        // At least one byte (waiting for it), then whatever is queued.
        let mut n = 0;
        while n < buf.len() {
            let b = if n == 0 {
                self.console_read()
            } else {
                uart::try_read()
            };
            match b {
                Some(b) => buf[n] = b,
                None => break,
            }
            n += 1;
        }
        Ok(n)
    }
}
