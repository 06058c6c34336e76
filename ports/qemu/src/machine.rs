//! The mps2-an385's hardware for `machine` (`pyrite_machine::Board`):
//! - `Pin(0)`, `Pin(1)`: the user LEDs (bits 0 and 1 of the FPGA I/O LED
//!   register at 0x40028000; outputs that read back what they drive);
//! - `Pin(2)`, `Pin(3)`: the user push-buttons (bits 0 and 1 of the button
//!   register at 0x40028008; inputs, 1 while pressed; QEMU never presses them);
//! - `UART(1)`: the second CMSDK UART (0x40005000), polled; under QEMU it is
//!   the second `-serial` device;
//! - `freq()` 25 MHz, `unique_id()`, `reset()` (a system reset);
//! - `mem8/16/32`: reads of flash, RAM and the FPGA I/O block, writes to the
//!   LED register only (anything else could break the interpreter's heap or
//!   fault the bus).

use core::any::Any;

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{self, ErrorType, InputPin, OutputPin, StatefulOutputPin};
use pyrite_machine::board::{Board, FlexPin, PinMode, Pull, UartConfig, UartPort};

const FPGAIO: usize = 0x4002_8000;
const LED: usize = FPGAIO;
const BUTTON: usize = FPGAIO + 0x8;

/// The core clock (QEMU's mps2-an385).
const CPU_HZ: u32 = 25_000_000;

fn read(addr: usize) -> u32 {
    // SAFETY: callers pass only the LED or button register of this board's
    // FPGA I/O block: mapped, and side-effect free to read.
    unsafe { core::ptr::read_volatile(addr as *const u32) }
}

fn write(addr: usize, v: u32) {
    // SAFETY: callers pass only the LED register, which takes any value.
    unsafe { core::ptr::write_volatile(addr as *mut u32, v) }
}

/// A user LED: one bit of the LED register.
pub struct Led(u32);

impl ErrorType for Led {
    type Error = digital::ErrorKind;
}

impl Led {
    fn lit(&self) -> bool {
        read(LED) & 1 << self.0 != 0
    }
    fn set(&mut self, on: bool) {
        let v = read(LED);
        write(
            LED,
            if on {
                v | 1 << self.0
            } else {
                v & !(1 << self.0)
            },
        );
    }
}

impl InputPin for Led {
    fn is_high(&mut self) -> Result<bool, Self::Error> {
        Ok(self.lit())
    }
    fn is_low(&mut self) -> Result<bool, Self::Error> {
        Ok(!self.lit())
    }
}

impl OutputPin for Led {
    fn set_high(&mut self) -> Result<(), Self::Error> {
        self.set(true);
        Ok(())
    }
    fn set_low(&mut self) -> Result<(), Self::Error> {
        self.set(false);
        Ok(())
    }
}

impl StatefulOutputPin for Led {
    fn is_set_high(&mut self) -> Result<bool, Self::Error> {
        Ok(self.lit())
    }
    fn is_set_low(&mut self) -> Result<bool, Self::Error> {
        Ok(!self.lit())
    }
}

impl FlexPin for Led {
    /// An LED is driven (OUT or open-drain) or read back (IN); it has no pulls.
    fn configure(&mut self, mode: PinMode, pull: Pull) -> Result<(), digital::ErrorKind> {
        match (mode, pull) {
            (PinMode::Alt, _) | (_, Pull::Up | Pull::Down) => Err(digital::ErrorKind::Other),
            _ => Ok(()),
        }
    }
}

/// A user push-button: one bit of the button register, input only.
pub struct Button(u32);

impl ErrorType for Button {
    type Error = digital::ErrorKind;
}

impl InputPin for Button {
    fn is_high(&mut self) -> Result<bool, Self::Error> {
        Ok(read(BUTTON) & 1 << self.0 != 0)
    }
    fn is_low(&mut self) -> Result<bool, Self::Error> {
        self.is_high().map(|h| !h)
    }
}

impl OutputPin for Button {
    fn set_high(&mut self) -> Result<(), Self::Error> {
        Err(digital::ErrorKind::Other)
    }
    fn set_low(&mut self) -> Result<(), Self::Error> {
        Err(digital::ErrorKind::Other)
    }
}

impl StatefulOutputPin for Button {
    fn is_set_high(&mut self) -> Result<bool, Self::Error> {
        Ok(false)
    }
    fn is_set_low(&mut self) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

impl FlexPin for Button {
    fn configure(&mut self, mode: PinMode, pull: Pull) -> Result<(), digital::ErrorKind> {
        match (mode, pull) {
            (PinMode::In, Pull::None) => Ok(()),
            _ => Err(digital::ErrorKind::Other),
        }
    }
}

pub type Cmsdk1 = crate::uart::Cmsdk<{ crate::uart::UART1 }>;

/// UART1, polled: the CMSDK UART holds one received byte, and QEMU holds
/// back the next until that one is read, so nothing is lost. Its receive
/// interrupt only wakes the core from a `select` wait (`port.rs`).
pub struct Uart1;

impl embedded_io::ErrorType for Uart1 {
    type Error = embedded_io::ErrorKind;
}

impl embedded_io::Read for Uart1 {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        let mut n = 0;
        while n < buf.len() && Cmsdk1::rx_ready() {
            buf[n] = Cmsdk1::take();
            n += 1;
        }
        Ok(n)
    }
}

impl embedded_io::ReadReady for Uart1 {
    fn read_ready(&mut self) -> Result<bool, Self::Error> {
        Ok(Cmsdk1::rx_ready())
    }
}

impl embedded_io::Write for Uart1 {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        buf.iter().for_each(|b| Cmsdk1::send(*b));
        Ok(buf.len())
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        while !Cmsdk1::tx_ready() {}
        Ok(())
    }
}

impl UartPort for Uart1 {
    /// 8 data bits, no parity, one stop bit: what this UART frames.
    fn configure(&mut self, cfg: UartConfig) -> bool {
        if cfg.bits != 8 || cfg.parity.is_some() || cfg.stop != 1 {
            return false;
        }
        let div = CPU_HZ / cfg.baudrate.max(1);
        use crate::uart::{CTRL_RX_EN, CTRL_RX_INT_EN, CTRL_TX_EN};
        Cmsdk1::setup(div, CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN);
        // SAFETY: its handler (`port.rs`, `on_interrupt`) only clears the
        // UART's interrupt: no state a critical section guards.
        unsafe { cortex_m::peripheral::NVIC::unmask(crate::uart::Irq(crate::uart::UART1_RX_IRQ)) };
        true
    }
    fn available(&mut self) -> usize {
        usize::from(Cmsdk1::rx_ready())
    }
    fn write_ready(&mut self) -> bool {
        Cmsdk1::tx_ready()
    }
    fn tx_done(&mut self) -> bool {
        Cmsdk1::tx_ready()
    }
}

/// Waits by counting SysTick microseconds.
pub struct Delay;

impl DelayNs for Delay {
    fn delay_ns(&mut self, ns: u32) {
        let start = pyrite_cortexm::clock::ticks_us();
        let us = u64::from(ns.div_ceil(1000));
        while pyrite_cortexm::clock::ticks_us().wrapping_sub(start) < us {}
    }
}

/// Addresses `mem8/16/32` may read: flash, RAM, the FPGA I/O block.
fn readable(addr: usize, width: usize) -> bool {
    const RANGES: [(usize, usize); 3] = [
        (0x0000_0000, 0x0040_0000),
        (0x2000_0000, 0x2040_0000),
        (FPGAIO, FPGAIO + 0x20),
    ];
    let Some(end) = addr.checked_add(width) else {
        return false;
    };
    RANGES.iter().any(|&(lo, hi)| lo <= addr && end <= hi)
}

/// The board as `machine` sees it.
pub struct An385 {
    leds: [Led; 2],
    buttons: [Button; 2],
    uart1: Uart1,
    delay: Delay,
}

impl An385 {
    pub fn new() -> An385 {
        An385 {
            leds: [Led(0), Led(1)],
            buttons: [Button(0), Button(1)],
            uart1: Uart1,
            delay: Delay,
        }
    }
}

impl Board for An385 {
    fn pin(&mut self, id: u32) -> Option<&mut dyn FlexPin> {
        match id {
            0 | 1 => Some(&mut self.leds[id as usize]),
            2 | 3 => Some(&mut self.buttons[id as usize - 2]),
            _ => None,
        }
    }
    fn uart(&mut self, id: u32) -> Option<&mut dyn UartPort> {
        (id == 1).then_some(&mut self.uart1 as &mut dyn UartPort)
    }
    fn delay(&mut self) -> Option<&mut dyn DelayNs> {
        Some(&mut self.delay)
    }
    fn freq(&mut self) -> u32 {
        CPU_HZ
    }
    /// No CPU id on this board: a fixed identifier, "AN385" and a version.
    fn unique_id(&mut self) -> &[u8] {
        b"AN385\x00\x00\x01"
    }
    fn reset(&mut self) {
        cortex_m::peripheral::SCB::sys_reset()
    }
    fn mem_read(&mut self, addr: usize, width: u8) -> Option<u32> {
        if !readable(addr, width as usize) {
            return None;
        }
        // SAFETY: `readable` holds: the address is in flash, RAM or the FPGA
        // I/O block (all mapped; reading has no side effect) and aligned
        // (machine checks the alignment first).
        Some(unsafe {
            match width {
                1 => core::ptr::read_volatile(addr as *const u8) as u32,
                2 => core::ptr::read_volatile(addr as *const u16) as u32,
                _ => core::ptr::read_volatile(addr as *const u32),
            }
        })
    }
    /// Only the LED register takes writes (a 32-bit store).
    fn mem_write(&mut self, addr: usize, width: u8, value: u32) -> bool {
        let ok = addr == LED && width == 4;
        if ok {
            write(LED, value & 3);
        }
        ok
    }
    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}
