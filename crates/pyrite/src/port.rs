//! The `Port` trait: what the runtime needs from the OS or board.

use alloc::string::String;
use alloc::vec::Vec;

/// Services a port provides. Every hook has a default so a minimal port is small.
pub trait Port {
    /// Writes to standard output (the console).
    fn write_stdout(&mut self, bytes: &[u8]);
    /// Writes to standard error (defaults to the console).
    fn write_stderr(&mut self, bytes: &[u8]) {
        self.write_stdout(bytes)
    }
    /// Reads one line from the console, None at end of input.
    fn read_line(&mut self) -> Option<String> {
        None
    }
    /// Reads a whole file (for imports), None if absent.
    fn read_file(&mut self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    /// Is `path` a directory?
    fn is_dir(&mut self, _path: &str) -> bool {
        false
    }

    /// Microseconds on a monotonic clock with any origin; 0 when the port has no clock.
    fn ticks_us(&mut self) -> u64 {
        0
    }
    /// A fast free-running counter for `time.ticks_cpu` (defaults to `ticks_us`).
    fn ticks_cpu(&mut self) -> u64 {
        self.ticks_us()
    }
    /// Wall-clock time in nanoseconds since 1970-01-01 UTC; None without a clock.
    fn time_ns(&mut self) -> Option<u64> {
        None
    }
    /// How many seconds local time is ahead of UTC at the UTC instant `secs`.
    fn utc_offset(&mut self, _secs: i64) -> i64 {
        0
    }
    /// Waits `us` microseconds. The default spins on `ticks_us`, so without a
    /// clock it returns at once.
    fn sleep_us(&mut self, us: u64) {
        let start = self.ticks_us();
        while self.ticks_us().wrapping_sub(start) < us {
            if self.ticks_us() == start && start == 0 {
                return;
            }
        }
    }
    /// `micropython.kbd_intr(c)`: the console byte that raises KeyboardInterrupt (-1: none).
    fn set_interrupt_char(&mut self, _c: i32) {}
}
