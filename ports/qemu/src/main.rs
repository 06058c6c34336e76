//! Pyrite firmware for QEMU's mps2-an385 (Cortex-M3): the REPL on UART0,
//! one statically sized heap shared with the Rust allocator, soft reset.
#![no_std]
#![no_main]

extern crate alloc;

mod boot;
mod clock;
mod fault;
mod heap;
mod port;
mod uart;

use alloc::boxed::Box;

use cortex_m_rt::{entry, exception};
use pyrite::obj::Gc;
use pyrite::objects::dict::{self, DictObj};
use pyrite::qstr::q;
use pyrite::repl::{Exit, Repl};
use pyrite::Vm;

/// Native stack Python code may use before RecursionError (the stack is the
/// top of RAM, far above the heap in `.bss`).
const STACK_LIMIT: usize = 256 * 1024;

/// Makes `__main__` and fills `sys.path`.
fn init_runtime(vm: &mut Vm) -> pyrite::PyResult<()> {
    use pyrite::objects::{list, module, str as pstr};
    let path = list::as_list(vm.roots.sys_path.get()).ok_or_else(|| vm.memory_error())?;
    for p in ["", "/lib"] {
        let v = pstr::new_str(vm, p)?;
        list::append(vm, path, v)?;
    }
    let main = module::new_module(vm, q::__main__, None)?;
    let g = Gc::<DictObj>::from_value(main.globals.get()).ok_or_else(|| vm.memory_error())?;
    vm.roots.main_globals.set(g.value());
    if let Some(d) = Gc::<DictObj>::from_value(vm.roots.modules.get()) {
        dict::store(vm, d, q::__main__.value(), main.value())?;
    }
    Ok(())
}

#[entry]
fn main() -> ! {
    let cp = cortex_m::Peripherals::take().unwrap_or_else(|| fault::halt("peripherals taken"));
    uart::init();
    clock::init(cp.SYST);
    let heap = heap::init();
    let mut repl = Repl::new("MPS2 AN385 [Rust] with Cortex-M3");
    repl.paste_window = 256;
    let mut port: Box<dyn pyrite::port::Port> = Box::new(port::Board::default());
    loop {
        // SAFETY: the previous interpreter (if any) was ended by `into_port`
        // and only pinned runs refer to the heap; the stack top is cortex-m-rt's
        // initial stack pointer, above every frame.
        let mut vm = unsafe { Vm::with_heap(heap, heap::stack_top(), port) };
        vm.set_stack_limit(STACK_LIMIT);
        if init_runtime(&mut vm).is_err() {
            fault::halt("heap too small to start the runtime");
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

#[exception]
fn SysTick() {
    clock::on_tick();
}

#[exception]
unsafe fn DefaultHandler(irqn: i16) {
    if irqn == uart::RX_IRQ as i16 {
        uart::on_rx_interrupt();
    }
}
