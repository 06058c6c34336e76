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
}
