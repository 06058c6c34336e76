//! What every Pyrite Cortex-M firmware shares: the heap and the Rust
//! allocator over it, the console on a UART (receive ring, Ctrl-C), the
//! SysTick clock, the `Port` with its RAM filesystem, `boot.py`/`main.py`,
//! and the soft-reset loop around the REPL.
//!
//! A board crate supplies its UART's registers ([`console::Uart`]), a
//! [`Board`] (names, clock, optional extension modules and interrupts),
//! `memory.x`, and one line, `pyrite_cortexm::firmware!(Board)`, which
//! defines the cortex-m-rt entry point and handlers over them.
#![no_std]

extern crate alloc;

pub mod boot;
pub mod clock;
pub mod console;
pub mod fault;
pub mod heap;
pub mod port;

use alloc::boxed::Box;

use pyrite::obj::Gc;
use pyrite::objects::dict::{self, DictObj};
use pyrite::objects::module::ModuleDef;
use pyrite::qstr::q;
use pyrite::repl::{Exit, Repl};
use pyrite::Vm;

pub use port::BoardPort;

/// A board: its console UART, names and clock, and the hooks through which
/// it adds extension modules (the same signatures as `pyrite::port::Port`'s,
/// which `BoardPort` forwards to).
pub trait Board: 'static {
    /// The console UART.
    type Uart: console::Uart;
    /// The banner's machine part (`MicroPython v... on date; <BANNER>`).
    const BANNER: &'static str;
    /// `os.uname().machine`.
    const MACHINE: &'static str;
    /// `sys.platform` and `os.uname().sysname`.
    const PLATFORM: &'static str;
    /// The core clock in Hz, which SysTick counts (a multiple of 1 MHz).
    const CPU_HZ: u32;
    /// Native stack Python code may use before RecursionError (the stack is
    /// the top of RAM, above the heap in `.bss`; keep some back for the
    /// interrupt handlers and the fault path).
    const STACK_LIMIT: usize;
    /// The raw-paste window the REPL offers (bytes; the receive ring holds
    /// two and more).
    const PASTE_WINDOW: u16 = 256;

    /// Called on every soft reset, after the interpreter ended.
    fn soft_reset(&mut self) {}
    /// Modules this board adds to the built-in ones (`machine`...).
    fn modules(&self) -> &'static [&'static ModuleDef] {
        &[]
    }
    /// What to run while `vm::POLL` is set (a board module's timers).
    fn poll_hook(&self) -> Option<fn(&mut Vm) -> pyrite::PyResult<()>> {
        None
    }
    /// The board's hardware, for its extension modules to downcast.
    fn board(&mut self) -> Option<&mut dyn core::any::Any> {
        None
    }
    /// Memory `uctypes` may reach by address (`pyrite_machine::MEM_HOOK`
    /// on a board with `machine`); None: no address (OSError(EFAULT)).
    fn mem_hook(&self) -> Option<&'static pyrite::port::MemHook> {
        None
    }
    /// What handle `h` (not the console's 0, 1, 2) is ready for of `events`
    /// (`pyrite::port::poll_ev` bits): a board's own streams (its
    /// `machine.UART`s). None: not the board's, a file (always ready).
    fn poll_handle(&mut self, _h: i32, _events: u16) -> Option<u16> {
        None
    }
    /// An external interrupt other than the console's (interrupt context:
    /// no allocation, no interpreter).
    fn on_interrupt(_irqn: i16) {}
}

/// Defines the firmware's cortex-m-rt entry point (`B::default()` handed to
/// [`run`]), its `SysTick`, `HardFault` and external interrupt handlers and
/// its panic handler, for board type `B`. Use once, in the binary crate.
#[macro_export]
macro_rules! firmware {
    ($board:ty) => {
        #[cortex_m_rt::entry]
        fn main() -> ! {
            $crate::start::<$board>()
        }

        #[cortex_m_rt::exception]
        fn SysTick() {
            $crate::clock::on_tick();
        }

        #[cortex_m_rt::exception]
        unsafe fn DefaultHandler(irqn: i16) {
            $crate::on_interrupt::<$board>(irqn);
        }

        #[cortex_m_rt::exception]
        unsafe fn HardFault(ef: &cortex_m_rt::ExceptionFrame) -> ! {
            $crate::fault::hard_fault::<<$board as $crate::Board>::Uart>(ef)
        }

        #[panic_handler]
        fn panic(info: &core::panic::PanicInfo) -> ! {
            $crate::fault::panic::<<$board as $crate::Board>::Uart>(info)
        }
    };
}

/// The entry point [`firmware!`] defines: takes the core peripherals, then [`run`].
pub fn start<B: Board + Default>() -> ! {
    let cp = cortex_m::Peripherals::take()
        .unwrap_or_else(|| fault::halt::<B::Uart>("peripherals taken"));
    run(B::default(), cp.SYST)
}

/// The external interrupt handler [`firmware!`] defines: the console's
/// receive interrupt, else the board's.
pub fn on_interrupt<B: Board>(irqn: i16) {
    use console::Uart;
    if irqn == B::Uart::RX_IRQ as i16 {
        console::on_rx_interrupt::<B::Uart>();
    } else {
        B::on_interrupt(irqn);
    }
}

/// Makes `__main__` and fills `sys.path`.
fn init_runtime(vm: &mut Vm) -> pyrite::PyResult<()> {
    use pyrite::objects::{list, module, str as pstr};
    let path = list::as_list(vm.roots.sys_path.get()).ok_or_else(|| vm.memory_error())?;
    for p in ["", ".frozen", "/lib"] {
        let v = pstr::new_str(vm, p)?;
        list::append(vm, path, v)?;
    }
    let main = module::new_module(vm, q::__main__)?;
    let g = Gc::<DictObj>::from_value(main.globals).ok_or_else(|| vm.memory_error())?;
    vm.roots.main_globals.set(g.value());
    if let Some(d) = Gc::<DictObj>::from_value(vm.roots.modules.get()) {
        dict::store(vm, d, q::__main__.value(), main.value())?;
    }
    Ok(())
}

/// The firmware after the board's own start-up: starts the console and the
/// clock, places the heap, then runs `boot.py`, `main.py` and the REPL,
/// soft-resetting forever.
pub fn run<B: Board>(board: B, syst: cortex_m::peripheral::SYST) -> ! {
    console::init::<B::Uart>();
    clock::init(syst, B::CPU_HZ);
    let heap = heap::init();
    let mut repl = Repl::new(B::BANNER);
    repl.paste_window = B::PASTE_WINDOW;
    let mut port: Box<dyn pyrite::port::Port> = Box::new(BoardPort::new(board));
    loop {
        // SAFETY: the previous interpreter (if any) was ended by `into_port`
        // and only pinned runs refer to the heap; the stack top is cortex-m-rt's
        // initial stack pointer, above every frame.
        let mut vm = unsafe { Vm::with_heap(heap, heap::stack_top(), port) };
        vm.set_stack_limit(B::STACK_LIMIT);
        if init_runtime(&mut vm).is_err() {
            fault::halt::<B::Uart>("heap too small to start the runtime");
        }
        // Ctrl-D, SystemExit (and a console that closed) all soft-reset a board.
        if boot::run_scripts(&mut vm, repl.raw) {
            match repl.run(&mut vm, true) {
                Exit::SoftReset | Exit::SystemExit(_) | Exit::Quit => {}
            }
        }
        vm.port.write_console(b"MPY: soft reboot\r\n");
        port = vm.into_port();
        port.soft_reset();
    }
}
