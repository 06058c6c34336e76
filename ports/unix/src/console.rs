//! The REPL's console on the unix port: standard input read by a thread into
//! a queue (so Ctrl-C can interrupt running code, as a board's UART interrupt
//! does), and a terminal in raw mode while the REPL owns it, restored on exit
//! and on a panic.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, OnceLock};

/// The terminal settings to restore, when we changed them.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

/// Program output must turn `\n` into `\r\n` itself, as a board does:
/// standard output is a terminal that does not (a raw pseudo-terminal).
static COOK: AtomicBool = AtomicBool::new(false);

/// Should program output be cooked?
pub fn cook() -> bool {
    COOK.load(Ordering::Relaxed)
}

/// Queued where the interrupt byte arrived (bytes are 0..=255).
const INTERRUPT_MARK: u16 = 0x100;

/// The console, once the REPL took standard input over.
static CONSOLE: OnceLock<Console> = OnceLock::new();

/// The console, if the REPL started it.
pub fn get() -> Option<&'static Console> {
    CONSOLE.get()
}

/// The reader thread's queue, and a byte taken from it early by `wait_input`.
struct Input {
    rx: Receiver<u16>,
    ahead: Option<u8>,
}

/// Console input as the REPL sees it.
pub struct Console {
    rx: Mutex<Input>,
    /// The byte that interrupts running code (-1: none); shared with the reader.
    intr: Arc<AtomicI32>,
}

/// Puts standard input's terminal in raw mode (no echo, no line buffering, no
/// signals, bytes as typed); output processing stays as it was, as
/// MicroPython's unix port does.
fn raw_mode() {
    // SAFETY: isatty/tcgetattr/tcsetattr only read and write the termios
    // structs we own; fds 0 and 1 are the standard streams for the whole process.
    unsafe {
        let mut o: libc::termios = std::mem::zeroed();
        if libc::isatty(1) != 0 && libc::tcgetattr(1, &mut o) == 0 {
            let onlcr = libc::OPOST | libc::ONLCR;
            COOK.store(o.c_oflag & onlcr != onlcr, Ordering::Relaxed);
        }
        if libc::isatty(0) == 0 {
            return;
        }
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(0, &mut t) != 0 {
            return;
        }
        if let Ok(mut s) = SAVED.lock() {
            s.get_or_insert(t);
        }
        t.c_iflag &= !(libc::BRKINT | libc::ICRNL | libc::INPCK | libc::ISTRIP | libc::IXON);
        t.c_cflag = (t.c_cflag & !(libc::CSIZE | libc::PARENB)) | libc::CS8;
        t.c_lflag = 0;
        t.c_cc[libc::VMIN] = 1;
        t.c_cc[libc::VTIME] = 0;
        libc::tcsetattr(0, libc::TCSANOW, &t);
    }
}

/// Gives the terminal back its settings from before `raw_mode`.
pub fn restore() {
    let saved = SAVED.lock().ok().and_then(|mut s| s.take());
    if let Some(t) = saved {
        // SAFETY: tcsetattr reads the termios struct we saved from fd 0.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &t);
        }
    }
}

extern "C" fn on_sigint(_: libc::c_int) {
    if pyrite::vm::INTERRUPT.load(Ordering::Relaxed) {
        // The first one was never picked up (the program is stuck where the
        // VM does not look): give up, as a second Ctrl-C should.
        // SAFETY: _exit is async-signal-safe and ends the process at once.
        unsafe { libc::_exit(130) };
    }
    // An atomic store: safe in a signal handler.
    pyrite::vm::request_interrupt();
}

/// SIGINT (a `kill -INT`, or Ctrl-C where the terminal makes signals) raises
/// KeyboardInterrupt in the running program; a second one while the first is
/// still pending ends the process.
pub fn catch_sigint() {
    // SAFETY: installs a handler that only performs an atomic store.
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

/// Takes over standard input (once): raw mode if it is a terminal, and a
/// reader thread. A panic restores the terminal before reporting.
pub fn start() {
    if CONSOLE.get().is_some() {
        return;
    }
    let c = Console::new();
    let _ = CONSOLE.set(c);
}

impl Console {
    fn new() -> Console {
        raw_mode();
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            prev(info);
        }));
        let (tx, rx) = std::sync::mpsc::channel();
        let intr = Arc::new(AtomicI32::new(-1));
        let intr2 = intr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 512];
            loop {
                // SAFETY: read() writes at most buf.len() bytes into buf.
                let n = unsafe { libc::read(0, buf.as_mut_ptr().cast(), buf.len()) };
                if n < 0
                    && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
                {
                    continue;
                }
                if n <= 0 {
                    return; // dropping tx tells the reader the console closed
                }
                for &b in &buf[..n as usize] {
                    // An interrupt leaves a marker in the queue, so a program
                    // waiting for input sees it in order with the bytes.
                    let m = if b as i32 == intr2.load(Ordering::Relaxed) {
                        pyrite::vm::request_interrupt();
                        INTERRUPT_MARK
                    } else {
                        b as u16
                    };
                    if tx.send(m).is_err() {
                        return;
                    }
                }
            }
        });
        Console {
            rx: Mutex::new(Input { rx, ahead: None }),
            intr,
        }
    }

    pub fn set_interrupt_char(&self, c: i32) {
        self.intr.store(c, Ordering::Relaxed);
    }

    /// A byte already queued, without waiting.
    pub fn try_read(&self) -> Option<u8> {
        let mut inp = self.rx.lock().ok()?;
        if let Some(b) = inp.ahead.take() {
            return Some(b);
        }
        loop {
            match inp.rx.try_recv().ok()? {
                INTERRUPT_MARK => {}
                b => return Some(b as u8),
            }
        }
    }

    /// The next byte; None when standard input closed. While a program waits
    /// here with Ctrl-C armed, an interrupt reads as a Ctrl-C byte so the
    /// waiting code can raise KeyboardInterrupt.
    pub fn read(&self) -> Option<u8> {
        let mut inp = self.rx.lock().ok()?;
        if let Some(b) = inp.ahead.take() {
            return Some(b);
        }
        loop {
            match inp.rx.recv().ok()? {
                INTERRUPT_MARK => {
                    // Still pending (nobody handled it yet): a Ctrl-C byte.
                    if pyrite::vm::INTERRUPT.load(Ordering::Relaxed) {
                        return Some(3);
                    }
                }
                b => return Some(b as u8),
            }
        }
    }

    /// Waits up to `timeout` for input: true when a byte can be read at
    /// once (it stays queued) or the console closed (a read returns at the
    /// end); false at the timeout or when an interrupt arrived instead.
    pub fn wait_input(&self, timeout: std::time::Duration) -> bool {
        use std::sync::mpsc::RecvTimeoutError;
        let Ok(mut inp) = self.rx.lock() else {
            return true;
        };
        if inp.ahead.is_some() {
            return true;
        }
        match inp.rx.recv_timeout(timeout) {
            Ok(INTERRUPT_MARK) => false,
            Ok(b) => {
                inp.ahead = Some(b as u8);
                true
            }
            Err(RecvTimeoutError::Timeout) => false,
            Err(RecvTimeoutError::Disconnected) => true,
        }
    }
}
