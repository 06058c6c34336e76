//! The board interface: what a port hands `machine` (pins and buses as
//! embedded-hal trait objects, plus what embedded-hal has no trait for).

use alloc::boxed::Box;
use core::any::Any;

use embedded_hal::delay::DelayNs;
use embedded_hal::digital::{self, ErrorType, InputPin, StatefulOutputPin};
use embedded_hal::i2c::{self, I2c};
use embedded_hal::pwm::{self, SetDutyCycle};
use embedded_hal::spi::{self, SpiBus};

/// How a pin is driven (`Pin.IN`, `Pin.OUT`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinMode {
    In,
    Out,
    OpenDrain,
    Alt,
}

/// A pin's internal resistor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pull {
    None,
    Up,
    Down,
}

/// A general-purpose pin whose direction changes at run time, as
/// `machine.Pin` needs: the embedded-hal input and stateful-output traits
/// plus a way to reconfigure it. `set_high` on an open-drain pin releases it.
pub trait FlexPin: ErrorType<Error = digital::ErrorKind> + InputPin + StatefulOutputPin {
    fn configure(&mut self, mode: PinMode, pull: Pull) -> Result<(), digital::ErrorKind>;
}

/// An analog input (embedded-hal 1.0 has no ADC trait).
pub trait AdcChannel {
    /// The reading scaled to 0..=65535.
    fn read_u16(&mut self) -> u16;
    /// The reading in microvolts.
    fn read_uv(&mut self) -> u32;
}

/// A PWM output: embedded-hal's duty cycle plus the frequency, which
/// embedded-hal leaves to each HAL.
pub trait PwmChannel: SetDutyCycle<Error = pwm::ErrorKind> {
    fn set_freq(&mut self, hz: u32) -> Result<(), pwm::ErrorKind>;
    fn freq(&mut self) -> u32;
    /// Starts (`true`) or stops the output.
    fn enable(&mut self, on: bool);
}

/// The SPI settings `SPI.init` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpiConfig {
    pub baudrate: u32,
    pub polarity: u8,
    pub phase: u8,
    pub bits: u8,
    /// `SPI.MSB` (0) or `SPI.LSB` (1).
    pub firstbit: u8,
}

impl Default for SpiConfig {
    fn default() -> Self {
        SpiConfig {
            baudrate: 1_000_000,
            polarity: 0,
            phase: 0,
            bits: 8,
            firstbit: 0,
        }
    }
}

/// The framing `UART.init` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UartConfig {
    pub baudrate: u32,
    pub bits: u8,
    /// None, or Some(0) even / Some(1) odd.
    pub parity: Option<u8>,
    pub stop: u8,
}

/// A serial port: embedded-io's byte streams (`read` is only called when
/// `read_ready` says a byte is waiting) plus its framing.
pub trait UartPort:
    embedded_io::Read<Error = embedded_io::ErrorKind>
    + embedded_io::Write<Error = embedded_io::ErrorKind>
    + embedded_io::ReadReady
{
    /// Applies the framing; false if the port cannot do it.
    fn configure(&mut self, cfg: UartConfig) -> bool;
    /// Bytes waiting to be read.
    fn available(&mut self) -> usize;
    /// Does the transmitter take another byte now (`select.POLLOUT`)?
    fn write_ready(&mut self) -> bool {
        true
    }
    /// Has everything written left the wire?
    fn tx_done(&mut self) -> bool {
        true
    }
    fn send_break(&mut self) {}
}

/// A board: everything `machine` reaches. Ids are the numbers Python passes
/// (`Pin(5)`, `I2C(0)`); None means the board has no such peripheral and
/// `machine` raises ValueError. Only `pin` is required.
pub trait Board: Any {
    fn pin(&mut self, id: u32) -> Option<&mut dyn FlexPin>;
    fn i2c(&mut self, _id: u32) -> Option<&mut dyn I2c<Error = i2c::ErrorKind>> {
        None
    }
    fn spi(&mut self, _id: u32) -> Option<&mut dyn SpiBus<u8, Error = spi::ErrorKind>> {
        None
    }
    /// Applies `SPI.init` settings; false if the bus cannot do them.
    fn spi_configure(&mut self, _id: u32, _cfg: SpiConfig) -> bool {
        true
    }
    fn uart(&mut self, _id: u32) -> Option<&mut dyn UartPort> {
        None
    }
    /// The ADC channel of a pin or channel number.
    fn adc(&mut self, _id: u32) -> Option<&mut dyn AdcChannel> {
        None
    }
    /// The PWM output on a pin.
    fn pwm(&mut self, _pin: u32) -> Option<&mut dyn PwmChannel> {
        None
    }
    /// A delay for bit-banged buses (`SoftI2C`, `SoftSPI`); None: no waiting.
    fn delay(&mut self) -> Option<&mut dyn DelayNs> {
        None
    }
    /// CPU frequency in Hz (`machine.freq()`).
    fn freq(&mut self) -> u32 {
        0
    }
    /// `machine.freq(hz)`: false if the board cannot run at `hz`.
    fn set_freq(&mut self, _hz: u32) -> bool {
        false
    }
    /// Bytes that identify this board (`machine.unique_id()`).
    fn unique_id(&mut self) -> &[u8] {
        &[]
    }
    /// Starts the watchdog with a timeout in milliseconds; false if there is none.
    fn watchdog_start(&mut self, _timeout_ms: u32) -> bool {
        false
    }
    /// Feeds the watchdog.
    fn watchdog_feed(&mut self) {}
    /// A hard reset; a board that cannot reset returns and `machine` then
    /// ends the program as a soft reset does.
    fn reset(&mut self) {}
    /// `machine.mem8/16/32[addr]`: the `width`-byte (1, 2 or 4; `addr` is
    /// aligned to it) value at `addr`, or None if the board does not expose
    /// that address (then `machine` raises OSError(EFAULT)). The default
    /// exposes nothing: memory is reached only where a board says it is safe.
    fn mem_read(&mut self, _addr: usize, _width: u8) -> Option<u32> {
        None
    }
    /// Writes `value` (truncated to `width` bytes) at `addr`; false if the
    /// board does not expose that address.
    fn mem_write(&mut self, _addr: usize, _width: u8, _value: u32) -> bool {
        false
    }
    /// `machine.bitstream` encoding 0: each bit of `data`, most significant
    /// first, as a high pulse then a low gap, `timing_ns` being (high for 0,
    /// low for 0, high for 1, low for 1). The default bit-bangs through the
    /// pin and `delay` (timing as good as the board's delay); a board with a
    /// precise way (a timer, PIO, cycle counting) overrides it. False if the
    /// pin does not exist.
    fn bitstream(&mut self, pin: u32, timing_ns: [u32; 4], data: &[u8]) -> bool {
        for byte in data {
            for i in (0..8).rev() {
                let one = usize::from(byte >> i & 1 == 1);
                let (high, low) = (timing_ns[2 * one], timing_ns[2 * one + 1]);
                for (level, ns) in [(true, high), (false, low)] {
                    match self.pin(pin) {
                        Some(p) => {
                            let _ = p.set_state(level.into());
                        }
                        None => return false,
                    }
                    if let Some(d) = self.delay() {
                        d.delay_ns(ns);
                    }
                }
            }
        }
        true
    }
    /// Why the last `pin`/`i2c`/`spi`/`uart` call returned None, as an errno,
    /// if the peripheral exists but could not be opened (a board backed by
    /// an operating system's devices); taking it clears it. `machine` then
    /// raises OSError with it instead of ValueError.
    fn take_open_error(&mut self) -> Option<i32> {
        None
    }
    /// Every board is `Any`, so a port's own module can reach its concrete type.
    fn as_any(&mut self) -> &mut dyn Any;
}

/// What a port's `Port::board` hook returns (as `&mut dyn Any`): the board
/// `machine` downcasts to.
pub struct BoardCell(pub Box<dyn Board>);

/// The error for a peripheral the board did not give: OSError when the board
/// failed to open it (`Board::take_open_error`), else ValueError(`msg`).
pub fn unavailable(vm: &mut pyrite::Vm, msg: &str) -> pyrite::vm::PyErr {
    match board(vm).and_then(|b| b.take_open_error()) {
        Some(errno) => pyrite::objects::stream::os_error(vm, errno),
        None => vm.value_error(msg),
    }
}

/// The board of the running port, if it has one.
pub fn board(vm: &mut pyrite::Vm) -> Option<&mut dyn Board> {
    let any = vm.port.board()?;
    let cell = any.downcast_mut::<BoardCell>()?;
    Some(&mut *cell.0)
}
