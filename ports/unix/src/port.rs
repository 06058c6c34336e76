//! The unix port's `Port`: standard streams, host files, clocks and the time zone.

use std::io::{Read, Write};

use pyrite::port::{
    os_caps, poll_ev, DirEntry, FileStat, FsStat, OpenMode, PollHandle, Port, Whence, EBADF, ESPIPE,
};

/// Standard streams, the host filesystem and clocks.
pub struct UnixPort {
    /// Origin of the monotonic ticks.
    pub start: std::time::Instant,
    /// Open files; handle `h` is `files[h - 3]` (0, 1, 2 are the standard streams).
    pub files: Vec<Option<std::fs::File>>,
    /// The hardware `machine` drives: the simulated board.
    pub board: pyrite_machine::BoardCell,
}

/// The board `-X board=` chose: by default `pyrite_machine`'s simulation
/// (README, "The simulated board"); with the `linux-hal` feature, Linux devices.
pub fn board(choice: &crate::cli::BoardChoice) -> pyrite_machine::BoardCell {
    match choice {
        #[cfg(feature = "linux-hal")]
        crate::cli::BoardChoice::Linux { gpiochip } => {
            pyrite_machine::BoardCell(Box::new(crate::linux_board::LinuxBoard::new(gpiochip)))
        }
        // Without the feature the command line refuses `board=linux`.
        _ => pyrite_machine::BoardCell(Box::new(pyrite_machine::sim::SimBoard::new())),
    }
}

/// The errno of a host I/O error; Rust's own errors (a path holding NUL is
/// InvalidInput) map to the nearest one, else EIO.
fn errno_of(e: std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(match e.kind() {
        std::io::ErrorKind::InvalidInput => 22,
        std::io::ErrorKind::NotFound => 2,
        std::io::ErrorKind::OutOfMemory => pyrite::port::ENOMEM,
        _ => 5,
    })
}

impl UnixPort {
    fn file(&mut self, h: i32) -> Result<&mut std::fs::File, i32> {
        let i = (h as usize).checked_sub(3).ok_or(EBADF)?;
        self.files.get_mut(i).and_then(|f| f.as_mut()).ok_or(EBADF)
    }
}

/// Readiness bits between `select`'s values and the host's `poll(2)` ones.
const POLL_BITS: [(u16, libc::c_short); 5] = [
    (poll_ev::IN, libc::POLLIN),
    (poll_ev::OUT, libc::POLLOUT),
    (poll_ev::ERR, libc::POLLERR),
    (poll_ev::HUP, libc::POLLHUP),
    (poll_ev::NVAL, libc::POLLNVAL),
];

fn to_host(ev: u16) -> libc::c_short {
    POLL_BITS
        .iter()
        .filter(|(p, _)| ev & p != 0)
        .fold(0, |a, (_, h)| a | h)
}

fn from_host(ev: libc::c_short) -> u16 {
    POLL_BITS
        .iter()
        .filter(|(_, h)| ev & h != 0)
        .fold(0, |a, (p, _)| a | p)
}

/// The host's `poll(2)` over `fds` for up to `timeout_ms`; an interrupted
/// call counts as nothing ready.
fn host_poll(fds: &mut [libc::pollfd], timeout_ms: i32) -> Result<usize, i32> {
    // SAFETY: `fds` is a valid, exclusively borrowed array of `fds.len()`
    // pollfd structs; poll(2) writes only their `revents` fields.
    let r = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    if r >= 0 {
        return Ok(r as usize);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EINTR) => Ok(0),
        e => Err(e.unwrap_or(5)),
    }
}

/// `os.stat` facts from host metadata.
fn file_stat(m: &std::fs::Metadata) -> FileStat {
    use std::os::unix::fs::MetadataExt;
    FileStat {
        mode: m.mode(),
        ino: m.ino(),
        dev: m.dev(),
        nlink: m.nlink(),
        uid: m.uid(),
        gid: m.gid(),
        size: m.size(),
        atime: m.atime(),
        mtime: m.mtime(),
        ctime: m.ctime(),
    }
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod host {
    /// glibc/musl's `struct statvfs` on 64-bit Linux.
    #[repr(C)]
    pub struct StatVfs {
        pub bsize: u64,
        pub frsize: u64,
        pub blocks: u64,
        pub bfree: u64,
        pub bavail: u64,
        pub files: u64,
        pub ffree: u64,
        pub favail: u64,
        pub fsid: u64,
        pub flag: u64,
        pub namemax: u64,
        spare: [i32; 6],
    }
    extern "C" {
        fn statvfs(path: *const std::ffi::c_char, out: *mut StatVfs) -> i32;
    }
    /// The host's `statvfs(path)`, or its errno (EINVAL for a path holding NUL).
    pub fn stat_vfs(path: &str) -> Result<StatVfs, i32> {
        let path = std::ffi::CString::new(path).map_err(|_| 22)?;
        let mut out = StatVfs {
            bsize: 0,
            frsize: 0,
            blocks: 0,
            bfree: 0,
            bavail: 0,
            files: 0,
            ffree: 0,
            favail: 0,
            fsid: 0,
            flag: 0,
            namemax: 0,
            spare: [0; 6],
        };
        // SAFETY: `path` is NUL-terminated and `out` matches the C library's
        // layout on this target; statvfs writes only `out`.
        let r = unsafe { statvfs(path.as_ptr(), &mut out) };
        if r == 0 {
            Ok(out)
        } else {
            Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(5))
        }
    }
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod tz {
    /// glibc/musl's `struct tm` on 64-bit Linux.
    #[repr(C)]
    struct Tm {
        fields: [i32; 9],
        gmtoff: i64,
        zone: *const u8,
    }
    extern "C" {
        fn localtime_r(t: *const i64, out: *mut Tm) -> *mut Tm;
    }
    /// Seconds local time is ahead of UTC at `secs`, from the C library's time zone.
    pub fn utc_offset(secs: i64) -> i64 {
        let mut tm = Tm {
            fields: [0; 9],
            gmtoff: 0,
            zone: std::ptr::null(),
        };
        // SAFETY: localtime_r only writes the struct we pass, whose layout
        // matches the C library's on this target; it is reentrant.
        let r = unsafe { localtime_r(&secs, &mut tm) };
        if r.is_null() {
            0
        } else {
            tm.gmtoff
        }
    }
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
mod tz {
    pub fn utc_offset(_secs: i64) -> i64 {
        0
    }
}

/// The machine modules and `socket`.
static UNIX_MODULES: &[&pyrite::objects::module::ModuleDef] = &[
    &pyrite_machine::module::MACHINE,
    &pyrite_machine::sim_module::PYRITE_SIM,
    &crate::socket::SOCKET,
];

impl Port for UnixPort {
    fn modules(&self) -> &'static [&'static pyrite::objects::module::ModuleDef] {
        UNIX_MODULES
    }
    fn frozen(&self) -> &'static [pyrite::port::FrozenModule] {
        pyrite::frozen::MODULES
    }
    fn poll_hook(&self) -> Option<fn(&mut pyrite::Vm) -> pyrite::PyResult<()>> {
        Some(pyrite_machine::poll)
    }
    fn board(&mut self) -> Option<&mut dyn std::any::Any> {
        Some(&mut self.board)
    }
    fn mem_hook(&self) -> Option<&'static pyrite::port::MemHook> {
        Some(&pyrite_machine::MEM_HOOK)
    }
    fn write_stdout(&mut self, b: &[u8]) {
        if crate::console::cook() {
            // A raw terminal behind the REPL: end lines as a board does.
            let mut o = std::io::stdout().lock();
            for (i, part) in b.split(|&c| c == b'\n').enumerate() {
                if i > 0 {
                    let _ = o.write_all(b"\r\n");
                }
                let _ = o.write_all(part);
            }
            let _ = o.flush();
            return;
        }
        self.write_console(b);
    }
    fn write_console(&mut self, b: &[u8]) {
        let mut o = std::io::stdout().lock();
        let _ = o.write_all(b);
        let _ = o.flush();
    }
    fn write_stderr(&mut self, b: &[u8]) {
        let _ = std::io::stderr().write_all(b);
    }
    fn read_line(&mut self) -> Option<String> {
        if let Some(c) = crate::console::get() {
            let mut line = Vec::new();
            while let Some(b) = c.read() {
                line.push(if b == b'\r' { b'\n' } else { b });
                if line.ends_with(b"\n") {
                    break;
                }
            }
            return (!line.is_empty()).then(|| String::from_utf8_lossy(&line).into_owned());
        }
        let mut s = String::new();
        match std::io::stdin().read_line(&mut s) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(s),
        }
    }
    fn read_file(&mut self, path: &str) -> Result<Vec<u8>, i32> {
        // Its buffer is reserved fallibly: OutOfMemory (ENOMEM) without room.
        std::fs::read(path).map_err(errno_of)
    }
    fn is_dir(&mut self, path: &str) -> bool {
        std::path::Path::new(path).is_dir()
    }
    fn ticks_us(&mut self) -> u64 {
        self.start.elapsed().as_micros() as u64
    }
    fn ticks_cpu(&mut self) -> u64 {
        self.start.elapsed().as_nanos() as u64
    }
    fn time_ns(&mut self) -> Option<u64> {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_nanos() as u64)
    }
    fn utc_offset(&mut self, secs: i64) -> i64 {
        tz::utc_offset(secs)
    }
    fn random_seed(&mut self) -> Option<u64> {
        let mut b = [0u8; 8];
        let mut f = std::fs::File::open("/dev/urandom").ok()?;
        f.read_exact(&mut b).ok()?;
        Some(u64::from_le_bytes(b))
    }
    fn sleep_us(&mut self, us: u64) {
        // In slices, so Ctrl-C ends a long sleep at once.
        let end = std::time::Instant::now() + std::time::Duration::from_micros(us);
        loop {
            let now = std::time::Instant::now();
            if now >= end || pyrite::vm::INTERRUPT.load(std::sync::atomic::Ordering::Relaxed) {
                return;
            }
            std::thread::sleep((end - now).min(std::time::Duration::from_millis(10)));
        }
    }
    fn poll_handles(
        &mut self,
        hs: &mut [PollHandle],
        timeout_us: Option<u64>,
    ) -> Result<usize, i32> {
        use std::os::fd::AsRawFd;
        use std::time::{Duration, Instant};
        // Standard input read by the REPL's console thread is polled there;
        // every other handle through its host descriptor (-1: not open, NVAL).
        let console = crate::console::get();
        let mut console_in = false;
        let mut fds = Vec::with_capacity(hs.len());
        for h in hs.iter() {
            let fd = match h.handle {
                0 if console.is_some() => {
                    console_in = true;
                    -1
                }
                0..=2 => h.handle,
                h if crate::socket::host_fd(h).is_some() => h - crate::socket::HANDLE_BASE,
                // A `machine.UART`: asked of the board below.
                h if h >= pyrite_machine::UART_HANDLE => -1,
                _ => self.file(h.handle).map_or(-1, |f| f.as_raw_fd()),
            };
            fds.push(libc::pollfd {
                fd,
                events: to_host(h.events),
                revents: 0,
            });
        }
        let deadline = timeout_us.map(|t| Instant::now() + Duration::from_micros(t));
        loop {
            // Slices of at most 10 ms, so Ctrl-C is seen soon.
            let slice = deadline.map_or(Duration::from_millis(10), |d| {
                d.saturating_duration_since(Instant::now())
                    .min(Duration::from_millis(10))
            });
            let ms = slice.as_micros().div_ceil(1000) as i32;
            host_poll(&mut fds, if console_in { 0 } else { ms })?;
            let mut ready = 0;
            for (h, f) in hs.iter_mut().zip(fds.iter()) {
                // The console is always writable; its input is asked below.
                h.revents = if h.handle == 0 && console_in {
                    h.events & poll_ev::OUT
                } else if f.fd < 0 {
                    pyrite_machine::poll_uart(&mut self.board, h.handle, h.events)
                        .unwrap_or(poll_ev::NVAL)
                } else {
                    from_host(f.revents)
                };
                ready += usize::from(h.revents != 0);
            }
            if console_in
                && hs
                    .iter()
                    .any(|h| h.handle == 0 && h.events & poll_ev::IN != 0)
            {
                let wait = if ready > 0 { Duration::ZERO } else { slice };
                if console.is_some_and(|c| c.wait_input(wait)) {
                    for h in hs.iter_mut() {
                        if h.handle == 0 && h.events & poll_ev::IN != 0 {
                            ready += usize::from(h.revents == 0);
                            h.revents |= poll_ev::IN;
                        }
                    }
                }
            } else if console_in && ready == 0 {
                std::thread::sleep(slice);
            }
            let interrupted = pyrite::vm::INTERRUPT.load(std::sync::atomic::Ordering::Relaxed);
            let over = deadline.is_some_and(|d| Instant::now() >= d);
            if ready > 0 || interrupted || over || timeout_us.is_none() {
                return Ok(ready);
            }
        }
    }
    fn set_interrupt_char(&mut self, c: i32) {
        if let Some(con) = crate::console::get() {
            con.set_interrupt_char(c);
        }
    }
    fn console_read(&mut self) -> Option<u8> {
        #[cfg(feature = "rust-allocs-in-heap")]
        crate::heap_alloc::restore_reserve();
        crate::console::get()?.read()
    }
    fn console_interactive(&mut self) -> bool {
        crate::console::get().is_some()
    }
    fn file_open(&mut self, path: &str, m: OpenMode) -> Result<i32, i32> {
        if std::path::Path::new(path).is_dir() {
            return Err(21); // EISDIR
        }
        let f = std::fs::OpenOptions::new()
            .read(m.read)
            .write(m.write && !m.append)
            .append(m.append)
            .create(m.create && !m.exclusive)
            .create_new(m.exclusive)
            .truncate(m.truncate)
            .open(path)
            .map_err(errno_of)?;
        let slot = match self.files.iter().position(|f| f.is_none()) {
            Some(i) => i,
            None => {
                self.files.push(None);
                self.files.len() - 1
            }
        };
        self.files[slot] = Some(f);
        Ok(slot as i32 + 3)
    }
    fn file_read(&mut self, h: i32, buf: &mut [u8]) -> Result<usize, i32> {
        if h == 0 {
            if let Some(c) = crate::console::get() {
                // At least one byte (waiting for it), then whatever is queued.
                let mut n = 0;
                while n < buf.len() {
                    let b = if n == 0 { c.read() } else { c.try_read() };
                    match b {
                        Some(b) => buf[n] = b,
                        None => break,
                    }
                    n += 1;
                }
                return Ok(n);
            }
            return std::io::stdin().read(buf).map_err(errno_of);
        }
        if h == 1 || h == 2 {
            return Err(EBADF);
        }
        self.file(h)?.read(buf).map_err(errno_of)
    }
    fn file_write(&mut self, h: i32, data: &[u8]) -> Result<usize, i32> {
        match h {
            0 => Err(EBADF),
            1 => {
                self.write_stdout(data);
                Ok(data.len())
            }
            2 => {
                self.write_stderr(data);
                Ok(data.len())
            }
            _ => self.file(h)?.write(data).map_err(errno_of),
        }
    }
    fn file_seek(&mut self, h: i32, off: i64, whence: Whence) -> Result<u64, i32> {
        use std::io::{Seek, SeekFrom};
        let to = match whence {
            Whence::Start => SeekFrom::Start(u64::try_from(off).map_err(|_| 22)?),
            Whence::Current => SeekFrom::Current(off),
            Whence::End => SeekFrom::End(off),
        };
        if h <= 2 {
            return Err(ESPIPE);
        }
        self.file(h)?.seek(to).map_err(errno_of)
    }
    fn file_flush(&mut self, h: i32) -> Result<(), i32> {
        match h {
            0 => Ok(()),
            1 => std::io::stdout().flush().map_err(errno_of),
            2 => std::io::stderr().flush().map_err(errno_of),
            _ => self.file(h)?.flush().map_err(errno_of),
        }
    }
    fn soft_reset(&mut self) {
        self.files.clear();
    }
    fn file_close(&mut self, h: i32) -> Result<(), i32> {
        if let Some(fd) = crate::socket::host_fd(h) {
            // A socket dropped while open (its finaliser).
            // SAFETY: the socket object owning this descriptor is being freed.
            unsafe { libc::close(fd) };
            return Ok(());
        }
        self.file(h)?;
        self.files[h as usize - 3] = None;
        Ok(())
    }

    fn os_caps(&mut self) -> u32 {
        os_caps::FS | os_caps::ENV | os_caps::SYSTEM | os_caps::URANDOM
    }
    fn fs_listdir(&mut self, path: &str) -> Result<Vec<DirEntry>, i32> {
        use std::os::unix::fs::DirEntryExt;
        let mut out = Vec::new();
        for e in std::fs::read_dir(path).map_err(errno_of)? {
            let e = e.map_err(errno_of)?;
            // Entries whose names are not UTF-8 cannot be Python str; skip them.
            let Ok(name) = e.file_name().into_string() else {
                continue;
            };
            // Follow symbolic links for the kind, as stat does; a dangling link is a file.
            let meta = std::fs::metadata(e.path()).ok();
            out.push(DirEntry {
                name,
                is_dir: meta.as_ref().is_some_and(|m| m.is_dir()),
                inode: e.ino(),
                size: meta.map_or(0, |m| m.len()),
            });
        }
        Ok(out)
    }
    fn fs_stat(&mut self, path: &str) -> Result<FileStat, i32> {
        std::fs::metadata(path)
            .map(|m| file_stat(&m))
            .map_err(errno_of)
    }
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    fn fs_statvfs(&mut self, path: &str) -> Result<FsStat, i32> {
        let v = host::stat_vfs(path)?;
        Ok(FsStat {
            bsize: v.bsize,
            frsize: v.frsize,
            blocks: v.blocks,
            bfree: v.bfree,
            bavail: v.bavail,
            files: v.files,
            ffree: v.ffree,
            favail: v.favail,
            flag: v.flag,
            namemax: v.namemax,
        })
    }
    fn fs_mkdir(&mut self, path: &str) -> Result<(), i32> {
        std::fs::create_dir(path).map_err(errno_of)
    }
    fn fs_rmdir(&mut self, path: &str) -> Result<(), i32> {
        std::fs::remove_dir(path).map_err(errno_of)
    }
    fn fs_remove(&mut self, path: &str) -> Result<(), i32> {
        std::fs::remove_file(path).map_err(errno_of)
    }
    fn fs_rename(&mut self, from: &str, to: &str) -> Result<(), i32> {
        std::fs::rename(from, to).map_err(errno_of)
    }
    fn fs_getcwd(&mut self) -> Result<String, i32> {
        let p = std::env::current_dir().map_err(errno_of)?;
        p.into_os_string().into_string().map_err(|_| 22)
    }
    fn fs_chdir(&mut self, path: &str) -> Result<(), i32> {
        std::env::set_current_dir(path).map_err(errno_of)
    }
    fn platform_name(&mut self) -> String {
        String::from("linux")
    }
    fn machine_name(&mut self) -> String {
        format!("unix with {}", std::env::consts::ARCH)
    }
    fn env_get(&mut self, name: &str) -> Result<Option<String>, i32> {
        Ok(std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))
    }
    fn env_set(&mut self, name: &str, value: Option<&str>) -> Result<(), i32> {
        // The C library rejects these names; std would panic on them.
        if name.is_empty() || name.contains(['=', '\0']) || value.is_some_and(|v| v.contains('\0'))
        {
            return Err(22);
        }
        match value {
            Some(v) => std::env::set_var(name, v),
            None => std::env::remove_var(name),
        }
        Ok(())
    }
    fn system(&mut self, cmd: &str) -> Result<i32, i32> {
        use std::os::unix::process::ExitStatusExt;
        let _ = std::io::stdout().flush();
        let st = std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(cmd)
            .status()
            .map_err(errno_of)?;
        Ok(st.into_raw())
    }
    fn urandom(&mut self, buf: &mut [u8]) -> Result<(), i32> {
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(buf))
            .map_err(errno_of)
    }
}
