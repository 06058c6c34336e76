//! The `Port` of a Cortex-M board: the console on its UART, the clock from
//! SysTick, files in a RAM filesystem mounted at `/` (kept across soft
//! resets); names and extension modules come from the board's [`Board`].

use alloc::string::String;
use alloc::vec::Vec;
use core::sync::atomic::Ordering;

use pyrite::port::{
    os_caps, poll_ev, DirEntry, FileStat, FsStat, OpenMode, PollHandle, Port, Whence, EBADF,
};
use pyrite::ramfs::RamFs;
use pyrite::vm::INTERRUPT;

use crate::console;
use crate::{clock, heap, Board};

/// The `Port` over board `B`.
pub struct BoardPort<B> {
    /// The files: in the heap (Rust allocations, which a soft reset keeps).
    fs: RamFs,
    /// The board's own state and hooks.
    board: B,
}

impl<B: Board> BoardPort<B> {
    /// The port over `board`, with an empty filesystem.
    pub fn new(board: B) -> Self {
        BoardPort {
            fs: RamFs::default(),
            board,
        }
    }
}

impl<B: Board> BoardPort<B> {
    /// Sets each handle's `revents` as it is now; how many have some.
    fn ready(&mut self, hs: &mut [PollHandle]) -> usize {
        let mut n = 0;
        for h in hs.iter_mut() {
            let asked = h.events & (poll_ev::IN | poll_ev::OUT);
            h.revents = match h.handle {
                ..0 => poll_ev::NVAL,
                // The console: input once a byte is in the ring; output always
                // (writes wait for the UART themselves).
                0 => {
                    let input = if console::has_input() { poll_ev::IN } else { 0 };
                    asked & (input | poll_ev::OUT)
                }
                1 | 2 => asked & poll_ev::OUT,
                _ => match self.board.poll_handle(h.handle, h.events) {
                    Some(r) => r,
                    None if self.fs.owns(h.handle) => asked,
                    None => poll_ev::NVAL,
                },
            };
            n += usize::from(h.revents != 0);
        }
        n
    }
}

/// Sleeps until an interrupt (the UART or the 1 ms tick) unless `ready` already holds.
fn wait_until(ready: impl Fn() -> bool) {
    cortex_m::interrupt::free(|_| {
        // With interrupts masked, one arriving after the check still ends the WFI.
        if !ready() {
            cortex_m::asm::wfi();
        }
    });
}

impl<B: Board> Port for BoardPort<B> {
    fn write_stdout(&mut self, bytes: &[u8]) {
        // Program output: `\n` becomes `\r\n`, as on MicroPython's boards.
        for (i, part) in bytes.split(|&c| c == b'\n').enumerate() {
            if i > 0 {
                console::send::<B::Uart>(b"\r\n");
            }
            console::send::<B::Uart>(part);
        }
    }

    fn write_console(&mut self, bytes: &[u8]) {
        console::send::<B::Uart>(bytes);
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

    /// Readiness as it is (the console's ring, the board's UARTs), waiting in
    /// WFI between looks: the console's receive interrupt, the board's own
    /// (a UART byte) or the 1 ms tick end each wait, Ctrl-C the whole wait.
    fn poll_handles(
        &mut self,
        hs: &mut [PollHandle],
        timeout_us: Option<u64>,
    ) -> Result<usize, i32> {
        let start = clock::ticks_us();
        let console_in = hs
            .iter()
            .any(|h| h.handle == 0 && h.events & poll_ev::IN != 0);
        loop {
            let n = self.ready(hs);
            let over = timeout_us.is_some_and(|t| clock::ticks_us().wrapping_sub(start) >= t);
            if n > 0 || over || INTERRUPT.load(Ordering::Relaxed) {
                return Ok(n);
            }
            wait_until(|| INTERRUPT.load(Ordering::Relaxed) || console_in && console::has_input());
        }
    }

    fn set_interrupt_char(&mut self, c: i32) {
        console::set_interrupt_char(c);
    }

    fn console_read(&mut self) -> Option<u8> {
        heap::restore_reserve();
        loop {
            if let Some(b) = console::try_read::<B::Uart>() {
                return Some(b);
            }
            // Ctrl-C while a program waits for input (it is armed only while
            // code runs): hand it over as the byte, as the REPL expects.
            if console::interrupt_char() >= 0 && INTERRUPT.load(Ordering::Relaxed) {
                return Some(3);
            }
            wait_until(|| console::has_input() || INTERRUPT.load(Ordering::Relaxed));
        }
    }

    fn console_interactive(&mut self) -> bool {
        true
    }

    fn platform_name(&mut self) -> String {
        String::from(B::PLATFORM)
    }

    fn machine_name(&mut self) -> String {
        String::from(B::MACHINE)
    }

    fn soft_reset(&mut self) {
        self.fs.soft_reset();
        self.board.soft_reset();
    }

    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, i32> {
        self.fs.read_file(path)
    }

    fn is_dir(&mut self, path: &str) -> bool {
        self.fs.is_dir(path)
    }

    fn file_open(&mut self, path: &str, mode: OpenMode) -> Result<i32, i32> {
        self.fs.open(path, mode)
    }

    fn file_write(&mut self, h: i32, data: &[u8]) -> Result<usize, i32> {
        match h {
            0 => Err(EBADF),
            1 | 2 => {
                self.write_stdout(data);
                Ok(data.len())
            }
            _ => self.fs.write(h, data),
        }
    }

    fn file_seek(&mut self, h: i32, offset: i64, whence: Whence) -> Result<u64, i32> {
        if h <= 2 {
            return Err(pyrite::port::ESPIPE);
        }
        self.fs.seek(h, offset, whence)
    }

    fn file_close(&mut self, h: i32) -> Result<(), i32> {
        self.fs.close(h)
    }

    fn os_caps(&mut self) -> u32 {
        os_caps::FS
    }

    fn fs_listdir(&mut self, path: &str) -> Result<Vec<DirEntry>, i32> {
        self.fs.listdir(path)
    }

    fn fs_stat(&mut self, path: &str) -> Result<FileStat, i32> {
        self.fs.stat(path)
    }

    fn fs_statvfs(&mut self, path: &str) -> Result<FsStat, i32> {
        let free = heap::free_figures().map_or(0, |f| f.0);
        self.fs.statvfs(path, heap::HEAP_BYTES, free)
    }

    fn fs_mkdir(&mut self, path: &str) -> Result<(), i32> {
        self.fs.mkdir(path)
    }

    fn fs_rmdir(&mut self, path: &str) -> Result<(), i32> {
        self.fs.rmdir(path)
    }

    fn fs_remove(&mut self, path: &str) -> Result<(), i32> {
        self.fs.remove(path)
    }

    fn fs_rename(&mut self, from: &str, to: &str) -> Result<(), i32> {
        self.fs.rename(from, to)
    }

    fn fs_getcwd(&mut self) -> Result<String, i32> {
        self.fs.getcwd()
    }

    fn fs_chdir(&mut self, path: &str) -> Result<(), i32> {
        self.fs.chdir(path)
    }

    fn file_read(&mut self, h: i32, buf: &mut [u8]) -> Result<usize, i32> {
        if h != 0 {
            return if h <= 2 {
                Err(EBADF)
            } else {
                self.fs.read(h, buf)
            };
        }
        // At least one byte (waiting for it), then whatever is queued.
        let mut n = 0;
        while n < buf.len() {
            let b = if n == 0 {
                self.console_read()
            } else {
                console::try_read::<B::Uart>()
            };
            match b {
                Some(b) => buf[n] = b,
                None => break,
            }
            n += 1;
        }
        Ok(n)
    }

    fn modules(&self) -> &'static [&'static pyrite::objects::module::ModuleDef] {
        self.board.modules()
    }

    fn frozen(&self) -> &'static [pyrite::port::FrozenModule] {
        pyrite::frozen::MODULES
    }

    fn poll_hook(&self) -> Option<fn(&mut pyrite::vm::Vm) -> pyrite::vm::PyResult<()>> {
        self.board.poll_hook()
    }

    fn board(&mut self) -> Option<&mut dyn core::any::Any> {
        self.board.board()
    }

    fn mem_hook(&self) -> Option<&'static pyrite::port::MemHook> {
        self.board.mem_hook()
    }
}
