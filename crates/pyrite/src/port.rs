//! The `Port` trait: what the runtime needs from the OS or board.

use alloc::string::String;
use alloc::vec::Vec;

/// Error numbers the default hooks report (Linux values, as in `errno`).
pub const ENOENT: i32 = 2;
pub const EBADF: i32 = 9;
pub const ENOMEM: i32 = 12;
pub const ENODEV: i32 = 19;
pub const ESPIPE: i32 = 29;

/// How `open()` wants a file opened (what its mode string said).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenMode {
    pub read: bool,
    pub write: bool,
    /// Every write goes to the end.
    pub append: bool,
    /// Create the file if missing.
    pub create: bool,
    /// Empty the file on opening.
    pub truncate: bool,
    /// Fail with EEXIST if the file exists.
    pub exclusive: bool,
}

/// Raw memory as a port's board exposes it (`Port::mem_hook`): the runtime
/// never dereferences an address itself.
pub struct MemHook {
    /// The `width`-byte (1, 2 or 4) little-endian value at `addr` (aligned
    /// to `width`), or None where the board exposes no memory.
    pub read: fn(&mut crate::vm::Vm, addr: usize, width: u8) -> Option<u32>,
    /// Stores `value` truncated to `width` bytes at `addr`; false where the
    /// board exposes no memory.
    pub write: fn(&mut crate::vm::Vm, addr: usize, width: u8, value: u32) -> bool,
}

/// Where `file_seek` counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whence {
    Start,
    Current,
    End,
}

/// One entry of a directory listing (`os.ilistdir`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
    pub inode: u64,
    pub size: u64,
}

/// What `os.stat` reports: MicroPython's 10-tuple, as plain numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileStat {
    /// File type and permission bits (`0o040000` directory, `0o100000` regular file).
    pub mode: u32,
    pub ino: u64,
    pub dev: u64,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    /// Times in seconds since 1970-01-01 UTC.
    pub atime: i64,
    pub mtime: i64,
    pub ctime: i64,
}

/// What `os.statvfs` reports (the POSIX `statvfs` fields, in tuple order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FsStat {
    pub bsize: u64,
    pub frsize: u64,
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
    pub favail: u64,
    pub flag: u64,
    pub namemax: u64,
}

/// Which optional parts of `os` a port offers (bits of [`Port::os_caps`]).
pub mod os_caps {
    /// A filesystem: listdir, stat, mkdir, remove, rename, getcwd, chdir...
    pub const FS: u32 = 1;
    /// Environment variables: getenv, putenv, unsetenv.
    pub const ENV: u32 = 2;
    /// `os.system`: running a shell command.
    pub const SYSTEM: u32 = 4;
    /// `os.urandom`: a source of random bytes.
    pub const URANDOM: u32 = 8;
}

pub use crate::frozen::{FrozenCode, FrozenModule};

/// Readiness bits of [`Port::poll_handles`]: MicroPython's stream poll
/// values (`select.POLLIN`...), which are Linux's too.
pub mod poll_ev {
    pub const IN: u16 = 0x01;
    pub const OUT: u16 = 0x04;
    pub const ERR: u16 = 0x08;
    pub const HUP: u16 = 0x10;
    /// Not a handle the port has open.
    pub const NVAL: u16 = 0x20;
}

/// One handle for [`Port::poll_handles`]: the events asked for, and those found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PollHandle {
    pub handle: i32,
    pub events: u16,
    pub revents: u16,
}

/// Services a port provides. Every hook has a default so a minimal port is small.
pub trait Port {
    /// Writes to standard output (the console).
    fn write_stdout(&mut self, bytes: &[u8]);
    /// Writes the REPL's own bytes (echo, prompts, raw-REPL framing) to the
    /// console exactly as given; program output goes through `write_stdout`,
    /// which a board cooks (`\n` to `\r\n`).
    fn write_console(&mut self, bytes: &[u8]) {
        self.write_stdout(bytes)
    }
    /// Writes to standard error (defaults to the console).
    fn write_stderr(&mut self, bytes: &[u8]) {
        self.write_stdout(bytes)
    }
    /// Reads one line from the console, None at end of input.
    fn read_line(&mut self) -> Option<String> {
        None
    }
    /// Reads a whole file (for imports): an errno if it cannot, ENOMEM when
    /// there is no room for its bytes (the importer raises MemoryError then;
    /// any other error is a file that is not there).
    fn read_file(&mut self, _path: &str) -> Result<Vec<u8>, i32> {
        Err(ENOENT)
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
    /// Entropy for `random.seed()` without an argument (a hardware RNG, the
    /// OS); None lets the runtime fall back to the clocks.
    fn random_seed(&mut self) -> Option<u64> {
        None
    }
    /// `micropython.kbd_intr(c)`: the console byte that raises KeyboardInterrupt (-1: none).
    /// While it is set, the port calls `vm::request_interrupt` when that byte
    /// arrives instead of queueing it.
    fn set_interrupt_char(&mut self, _c: i32) {}

    // The console the REPL speaks over (a terminal, a pseudo-terminal, a UART).

    /// Waits for the next console byte; None when the console is closed.
    fn console_read(&mut self) -> Option<u8> {
        None
    }
    /// Is the console an interactive byte stream the REPL drives (keys arrive
    /// one at a time and nothing echoes them)? Then `input()` edits lines itself.
    fn console_interactive(&mut self) -> bool {
        false
    }
    /// A soft reset is replacing the interpreter: forget what the program left
    /// open (files) and return to the start-up state.
    fn soft_reset(&mut self) {}

    // Files: handles are small ints; 0, 1 and 2 are stdin, stdout and stderr.
    // Errors are errno numbers (`errno.ENOENT`...).

    /// Opens a host file, returning a handle of 3 or more.
    fn file_open(&mut self, _path: &str, _mode: OpenMode) -> Result<i32, i32> {
        Err(ENODEV)
    }
    /// Reads up to `buf.len()` bytes; 0 means end of file. Stdin is empty by default.
    fn file_read(&mut self, h: i32, _buf: &mut [u8]) -> Result<usize, i32> {
        if h == 0 {
            Ok(0)
        } else {
            Err(EBADF)
        }
    }
    /// Writes bytes, returning how many were written. Defaults: 1 and 2 go to the console.
    fn file_write(&mut self, h: i32, data: &[u8]) -> Result<usize, i32> {
        match h {
            1 => self.write_stdout(data),
            2 => self.write_stderr(data),
            _ => return Err(EBADF),
        }
        Ok(data.len())
    }
    /// Moves the file position; returns the new position from the start.
    fn file_seek(&mut self, _h: i32, _offset: i64, _whence: Whence) -> Result<u64, i32> {
        Err(ESPIPE)
    }
    /// Pushes buffered writes out.
    fn file_flush(&mut self, _h: i32) -> Result<(), i32> {
        Ok(())
    }
    /// Closes a handle (the runtime never closes 0, 1 or 2).
    fn file_close(&mut self, _h: i32) -> Result<(), i32> {
        Ok(())
    }

    // Filesystem and host services for `os`. Paths are as the program gave
    // them (relative ones resolve against the port's current directory);
    // errors are errno numbers. A port without them keeps the defaults.

    /// The optional parts of `os` this port provides (`os_caps` bits).
    fn os_caps(&mut self) -> u32 {
        0
    }
    /// The entries of a directory (without `.` and `..`), in any order.
    fn fs_listdir(&mut self, _path: &str) -> Result<Vec<DirEntry>, i32> {
        Err(ENODEV)
    }
    /// Facts about a file or directory (following symbolic links).
    fn fs_stat(&mut self, _path: &str) -> Result<FileStat, i32> {
        Err(ENODEV)
    }
    /// Facts about the filesystem holding `path`.
    fn fs_statvfs(&mut self, _path: &str) -> Result<FsStat, i32> {
        Err(ENODEV)
    }
    fn fs_mkdir(&mut self, _path: &str) -> Result<(), i32> {
        Err(ENODEV)
    }
    /// Removes an empty directory.
    fn fs_rmdir(&mut self, _path: &str) -> Result<(), i32> {
        Err(ENODEV)
    }
    /// Removes a file.
    fn fs_remove(&mut self, _path: &str) -> Result<(), i32> {
        Err(ENODEV)
    }
    fn fs_rename(&mut self, _from: &str, _to: &str) -> Result<(), i32> {
        Err(ENODEV)
    }
    fn fs_getcwd(&mut self) -> Result<String, i32> {
        Err(ENODEV)
    }
    fn fs_chdir(&mut self, _path: &str) -> Result<(), i32> {
        Err(ENODEV)
    }
    /// `os.uname().machine`: the board (and chip) the interpreter runs on.
    fn machine_name(&mut self) -> String {
        String::from("generic")
    }
    /// `os.uname().sysname` and `.nodename`: the port's platform name, as
    /// MicroPython boards report their `sys.platform` there.
    fn platform_name(&mut self) -> String {
        String::from("pyrite")
    }
    /// An environment variable, None when unset.
    fn env_get(&mut self, _name: &str) -> Result<Option<String>, i32> {
        Err(ENODEV)
    }
    /// Sets (`Some`) or removes (`None`) an environment variable.
    fn env_set(&mut self, _name: &str, _value: Option<&str>) -> Result<(), i32> {
        Err(ENODEV)
    }
    /// Runs a shell command, returning its exit status as `system(3)` does.
    fn system(&mut self, _cmd: &str) -> Result<i32, i32> {
        Err(ENODEV)
    }
    /// Fills `buf` with random bytes from a strong source.
    fn urandom(&mut self, _buf: &mut [u8]) -> Result<(), i32> {
        Err(ENODEV)
    }

    /// `select`: sets each entry's `revents` to which of its `events` its
    /// handle is ready for (ERR, HUP and NVAL whether asked or not), waiting
    /// up to `timeout_us` (None: no limit) for one to be ready. It may return
    /// before that with nothing ready (the runtime calls again until its own
    /// deadline) and should return soon once `vm::INTERRUPT` is set. With no
    /// entries it is a wait. Returns how many entries have `revents`, or an errno.
    ///
    /// The default: every handle is ready at once (a board's console without
    /// its own hook, files), and a wait is `sleep_us` of at most 1 ms.
    fn poll_handles(
        &mut self,
        hs: &mut [PollHandle],
        timeout_us: Option<u64>,
    ) -> Result<usize, i32> {
        let mut n = 0;
        for h in hs.iter_mut() {
            h.revents = if h.handle < 0 {
                poll_ev::NVAL
            } else {
                h.events & (poll_ev::IN | poll_ev::OUT)
            };
            n += usize::from(h.revents != 0);
        }
        if n == 0 {
            self.sleep_us(timeout_us.unwrap_or(1000).min(1000));
        }
        Ok(n)
    }

    // Extension modules (ARCHITECTURE.md, "Port modules and the board").

    /// Python modules compiled into this build (frozen): `import` finds
    /// them where `.frozen` stands in `sys.path`, as on MicroPython. A port
    /// returns `crate::frozen::MODULES` (the repository's `frozen/`, in flash).
    fn frozen(&self) -> &'static [FrozenModule] {
        &[]
    }

    /// Modules this port adds to the built-in ones (`machine`...); `import`
    /// finds them after the runtime's own, with the same `u` prefix aliases.
    fn modules(&self) -> &'static [&'static crate::objects::module::ModuleDef] {
        &[]
    }
    /// What to run while `vm::POLL` is set (a port module's timers).
    fn poll_hook(&self) -> Option<fn(&mut crate::vm::Vm) -> crate::vm::PyResult<()>> {
        None
    }
    /// The port's hardware, for its extension modules to downcast to the
    /// type they know (`pyrite_machine::BoardCell`); None without hardware.
    fn board(&mut self) -> Option<&mut dyn core::any::Any> {
        None
    }
    /// Memory by address for `uctypes` (a struct, `bytes_at` or
    /// `bytearray_at` at an address no remembered buffer holds): the
    /// board's `machine.mem*` rule (`pyrite_machine::MEM_HOOK`). None: no
    /// address is reachable (OSError(EFAULT)).
    fn mem_hook(&self) -> Option<&'static MemHook> {
        None
    }
}

/// The width of the next raw access of an `n`-byte read or write at `addr`
/// (`done` bytes in): the whole scalar when it is 1, 2 or 4 bytes and
/// aligned (a register is read as it is declared), else aligned words,
/// else bytes.
fn raw_step(addr: usize, n: usize, done: usize) -> usize {
    let a = addr.wrapping_add(done);
    if done == 0 && matches!(n, 1 | 2 | 4) && a.is_multiple_of(n) {
        n
    } else if n - done >= 4 && a.is_multiple_of(4) {
        4
    } else {
        1
    }
}

/// Reads `out.len()` bytes of board memory at `addr` through
/// [`Port::mem_hook`] (`machine.mem*`'s rule): OSError(EFAULT) where the
/// board exposes none. Shared by `uctypes` and viper's raw pointers.
pub fn mem_read(vm: &mut crate::vm::Vm, addr: usize, out: &mut [u8]) -> crate::vm::PyResult<()> {
    let n = out.len();
    let hook = match vm.port.mem_hook() {
        Some(h) if addr.checked_add(n).is_some() => h,
        _ if n == 0 => return Ok(()),
        _ => return Err(crate::objects::stream::os_error(vm, 14)),
    };
    let mut done = 0;
    while done < n {
        let w = raw_step(addr, n, done);
        let Some(v) = (hook.read)(vm, addr + done, w as u8) else {
            return Err(crate::objects::stream::os_error(vm, 14));
        };
        out[done..done + w].copy_from_slice(&v.to_le_bytes()[..w]);
        done += w;
    }
    Ok(())
}

/// Writes `data` to board memory at `addr`, as [`mem_read`] reads.
pub fn mem_write(vm: &mut crate::vm::Vm, addr: usize, data: &[u8]) -> crate::vm::PyResult<()> {
    let n = data.len();
    let hook = match vm.port.mem_hook() {
        Some(h) if addr.checked_add(n).is_some() => h,
        _ if n == 0 => return Ok(()),
        _ => return Err(crate::objects::stream::os_error(vm, 14)),
    };
    let mut done = 0;
    while done < n {
        let w = raw_step(addr, n, done);
        let mut b = [0u8; 4];
        b[..w].copy_from_slice(&data[done..done + w]);
        if !(hook.write)(vm, addr + done, w as u8, u32::from_le_bytes(b)) {
            return Err(crate::objects::stream::os_error(vm, 14));
        }
        done += w;
    }
    Ok(())
}
