//! Real hardware on Linux (cargo feature `linux-hal`, `-X board=linux`):
//! `machine.Pin(n)` is line `n` of a GPIO character device (`/dev/gpiochip0`
//! unless `-X board=linux:/dev/gpiochipN`), `I2C(n)` is `/dev/i2c-n`, and
//! `SPI(n)` is `/dev/spidevn.0`, through the `linux-embedded-hal` crate.
//! Devices are opened when Python first uses them; one that cannot be opened
//! becomes OSError with the system's errno (`Board::take_open_error`).

use std::any::Any;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::io;

use embedded_hal::digital::{self, ErrorType, InputPin, OutputPin, PinState, StatefulOutputPin};
use embedded_hal::i2c::{self, I2c, Operation};
use embedded_hal::spi::{self, SpiBus};
use linux_embedded_hal::gpio_cdev::{Chip, Line, LineHandle, LineRequestFlags};
use linux_embedded_hal::i2cdev::linux::LinuxI2CError;
use linux_embedded_hal::spidev::{SpiModeFlags, SpidevOptions};
use linux_embedded_hal::{Delay, I2cdev, SpidevBus};
use pyrite_machine::board::{Board, FlexPin, PinMode, Pull, SpiConfig};

/// What `machine` sees as the GPIO consumer name (shown by `gpioinfo`).
const CONSUMER: &str = "pyrite";

/// The errno an I/O error carries, or EIO.
fn errno_of(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(libc::EIO)
}

/// The errno inside a gpio-cdev error (its chain ends in a system error).
fn gpio_errno(e: &linux_embedded_hal::gpio_cdev::Error) -> i32 {
    use std::error::Error as _;
    let mut src: Option<&(dyn std::error::Error + 'static)> = e.source();
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<io::Error>() {
            return errno_of(io);
        }
        if let Some(n) = s.downcast_ref::<nix::errno::Errno>() {
            return *n as i32;
        }
        src = s.source();
    }
    libc::EIO
}

/// The request flags for a `machine.Pin` mode, or None for modes a GPIO
/// line cannot take here (ALT belongs to the kernel's pin multiplexing).
fn flags_for(mode: PinMode) -> Option<LineRequestFlags> {
    match mode {
        PinMode::In => Some(LineRequestFlags::INPUT),
        PinMode::Out => Some(LineRequestFlags::OUTPUT),
        PinMode::OpenDrain => Some(LineRequestFlags::OUTPUT | LineRequestFlags::OPEN_DRAIN),
        PinMode::Alt => None,
    }
}

/// One GPIO line, requested again whenever its mode changes.
pub struct LinuxPin {
    line: Line,
    handle: LineHandle,
    mode: PinMode,
    /// The level last driven (what `StatefulOutputPin` reports).
    out: bool,
}

impl LinuxPin {
    fn open(line: Line) -> Result<LinuxPin, i32> {
        let handle = line
            .request(LineRequestFlags::INPUT, 0, CONSUMER)
            .map_err(|e| gpio_errno(&e))?;
        Ok(LinuxPin {
            line,
            handle,
            mode: PinMode::In,
            out: false,
        })
    }

    fn write(&mut self, high: bool) -> Result<(), digital::ErrorKind> {
        self.out = high;
        if self.mode == PinMode::In {
            // As on a microcontroller, an input remembers the level it will
            // drive once it becomes an output.
            return Ok(());
        }
        self.handle
            .set_value(high as u8)
            .map_err(|_| digital::ErrorKind::Other)
    }
}

impl ErrorType for LinuxPin {
    type Error = digital::ErrorKind;
}

impl InputPin for LinuxPin {
    fn is_high(&mut self) -> Result<bool, Self::Error> {
        self.handle
            .get_value()
            .map(|v| v != 0)
            .map_err(|_| digital::ErrorKind::Other)
    }
    fn is_low(&mut self) -> Result<bool, Self::Error> {
        self.is_high().map(|h| !h)
    }
}

impl OutputPin for LinuxPin {
    fn set_high(&mut self) -> Result<(), Self::Error> {
        self.write(true)
    }
    fn set_low(&mut self) -> Result<(), Self::Error> {
        self.write(false)
    }
    fn set_state(&mut self, state: PinState) -> Result<(), Self::Error> {
        self.write(state == PinState::High)
    }
}

impl StatefulOutputPin for LinuxPin {
    fn is_set_high(&mut self) -> Result<bool, Self::Error> {
        Ok(self.out)
    }
    fn is_set_low(&mut self) -> Result<bool, Self::Error> {
        Ok(!self.out)
    }
}

impl FlexPin for LinuxPin {
    fn configure(&mut self, mode: PinMode, pull: Pull) -> Result<(), digital::ErrorKind> {
        // The GPIO character device's first interface has no bias settings.
        if pull != Pull::None {
            return Err(digital::ErrorKind::Other);
        }
        let flags = flags_for(mode).ok_or(digital::ErrorKind::Other)?;
        if mode == self.mode {
            return Ok(());
        }
        let default = u8::from(self.out && mode != PinMode::In);
        // The line is released before it is requested again.
        let old = std::mem::replace(
            &mut self.handle,
            self.line
                .request(LineRequestFlags::INPUT, 0, CONSUMER)
                .map_err(|_| digital::ErrorKind::Other)?,
        );
        drop(old);
        let h = self.line.request(flags, default, CONSUMER);
        self.handle = h.map_err(|_| digital::ErrorKind::Other)?;
        self.mode = mode;
        Ok(())
    }
}

/// An I2C adapter, its errors reduced to embedded-hal's kinds.
pub struct LinuxI2c(I2cdev);

impl i2c::ErrorType for LinuxI2c {
    type Error = i2c::ErrorKind;
}

impl I2c for LinuxI2c {
    fn transaction(
        &mut self,
        address: u8,
        operations: &mut [Operation<'_>],
    ) -> Result<(), Self::Error> {
        use embedded_hal::i2c::Error as _;
        self.0
            .transaction(address, operations)
            .map_err(|e| e.kind())
    }
}

/// An SPI bus (chip select 0, driven by the kernel around each transfer).
pub struct LinuxSpi(SpidevBus);

impl spi::ErrorType for LinuxSpi {
    type Error = spi::ErrorKind;
}

fn spi_kind<E>(_: E) -> spi::ErrorKind {
    spi::ErrorKind::Other
}

impl SpiBus<u8> for LinuxSpi {
    fn read(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
        self.0.read(words).map_err(spi_kind)
    }
    fn write(&mut self, words: &[u8]) -> Result<(), Self::Error> {
        self.0.write(words).map_err(spi_kind)
    }
    fn transfer(&mut self, read: &mut [u8], write: &[u8]) -> Result<(), Self::Error> {
        self.0.transfer(read, write).map_err(spi_kind)
    }
    fn transfer_in_place(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
        self.0.transfer_in_place(words).map_err(spi_kind)
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush().map_err(spi_kind)
    }
}

/// The spidev settings for `SPI.init`'s arguments.
fn spi_options(cfg: SpiConfig) -> SpidevOptions {
    let mut mode = match (cfg.polarity, cfg.phase) {
        (0, 0) => SpiModeFlags::SPI_MODE_0,
        (0, _) => SpiModeFlags::SPI_MODE_1,
        (_, 0) => SpiModeFlags::SPI_MODE_2,
        _ => SpiModeFlags::SPI_MODE_3,
    };
    if cfg.firstbit != 0 {
        mode |= SpiModeFlags::SPI_LSB_FIRST;
    }
    let mut o = SpidevOptions::new();
    o.max_speed_hz(cfg.baudrate)
        .bits_per_word(cfg.bits)
        .mode(mode);
    o
}

/// The device path of `I2C(id)` and `SPI(id)`.
pub fn i2c_path(id: u32) -> String {
    format!("/dev/i2c-{id}")
}

pub fn spi_path(id: u32) -> String {
    format!("/dev/spidev{id}.0")
}

/// Line `id` of the GPIO chip at `path` (opened once, into `chip`).
fn open_line(chip: &mut Option<Chip>, path: &str, id: u32) -> Result<LinuxPin, i32> {
    if chip.is_none() {
        *chip = Some(Chip::new(path).map_err(|e| gpio_errno(&e))?);
    }
    let chip = chip.as_mut().ok_or(libc::ENODEV)?;
    if id >= chip.num_lines() {
        return Err(libc::ENODEV);
    }
    let line = chip.get_line(id).map_err(|e| gpio_errno(&e))?;
    LinuxPin::open(line)
}

/// A Linux machine's GPIO, I2C and SPI devices as a `machine` board.
pub struct LinuxBoard {
    gpiochip: String,
    chip: Option<Chip>,
    pins: BTreeMap<u32, LinuxPin>,
    i2c: BTreeMap<u32, LinuxI2c>,
    spi: BTreeMap<u32, LinuxSpi>,
    delay: Delay,
    open_error: Option<i32>,
}

impl LinuxBoard {
    /// A board whose pins are the lines of `gpiochip` (a device path).
    pub fn new(gpiochip: &str) -> LinuxBoard {
        LinuxBoard {
            gpiochip: gpiochip.to_string(),
            chip: None,
            pins: BTreeMap::new(),
            i2c: BTreeMap::new(),
            spi: BTreeMap::new(),
            delay: Delay,
            open_error: None,
        }
    }
}

/// The device `id` of `map`, opened by `open` on first use; an open that
/// fails leaves its errno in `error` and gives None.
fn get_or_open<'a, T>(
    map: &'a mut BTreeMap<u32, T>,
    error: &mut Option<i32>,
    id: u32,
    open: impl FnOnce() -> Result<T, i32>,
) -> Option<&'a mut T> {
    *error = None;
    match map.entry(id) {
        Entry::Occupied(e) => Some(e.into_mut()),
        Entry::Vacant(v) => match open() {
            Ok(d) => Some(v.insert(d)),
            Err(errno) => {
                *error = Some(errno);
                None
            }
        },
    }
}

impl Board for LinuxBoard {
    fn pin(&mut self, id: u32) -> Option<&mut dyn FlexPin> {
        let (chip, path) = (&mut self.chip, &self.gpiochip);
        let p = get_or_open(&mut self.pins, &mut self.open_error, id, || {
            open_line(chip, path, id)
        })?;
        Some(p)
    }

    fn i2c(&mut self, id: u32) -> Option<&mut dyn I2c<Error = i2c::ErrorKind>> {
        let bus = get_or_open(&mut self.i2c, &mut self.open_error, id, || {
            I2cdev::new(i2c_path(id))
                .map(LinuxI2c)
                .map_err(|e| match e {
                    LinuxI2CError::Errno(n) => n,
                    LinuxI2CError::Io(e) => errno_of(&e),
                })
        })?;
        Some(bus)
    }

    fn spi(&mut self, id: u32) -> Option<&mut dyn SpiBus<u8, Error = spi::ErrorKind>> {
        let bus = get_or_open(&mut self.spi, &mut self.open_error, id, || {
            SpidevBus::open(spi_path(id))
                .map(LinuxSpi)
                .map_err(|e| errno_of(e.inner()))
        })?;
        Some(bus)
    }

    fn spi_configure(&mut self, id: u32, cfg: SpiConfig) -> bool {
        if self.spi(id).is_none() {
            return false;
        }
        match self.spi.get_mut(&id) {
            Some(bus) => bus.0 .0.configure(&spi_options(cfg)).is_ok(),
            None => false,
        }
    }

    fn delay(&mut self) -> Option<&mut dyn embedded_hal::delay::DelayNs> {
        Some(&mut self.delay)
    }

    fn take_open_error(&mut self) -> Option<i32> {
        self.open_error.take()
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_paths() {
        assert_eq!(i2c_path(1), "/dev/i2c-1");
        assert_eq!(spi_path(0), "/dev/spidev0.0");
    }

    #[test]
    fn spi_modes_follow_polarity_and_phase() {
        let mode = |polarity, phase, firstbit| {
            let cfg = SpiConfig {
                polarity,
                phase,
                firstbit,
                ..SpiConfig::default()
            };
            spi_options(cfg).spi_mode.unwrap_or(SpiModeFlags::empty())
        };
        assert_eq!(mode(0, 0, 0), SpiModeFlags::SPI_MODE_0);
        assert_eq!(mode(0, 1, 0), SpiModeFlags::SPI_MODE_1);
        assert_eq!(mode(1, 0, 0), SpiModeFlags::SPI_MODE_2);
        assert_eq!(mode(1, 1, 0), SpiModeFlags::SPI_MODE_3);
        assert_eq!(
            mode(0, 0, 1),
            SpiModeFlags::SPI_MODE_0 | SpiModeFlags::SPI_LSB_FIRST
        );
        let o = spi_options(SpiConfig::default());
        assert_eq!(
            (o.max_speed_hz, o.bits_per_word),
            (Some(1_000_000), Some(8))
        );
    }

    #[test]
    fn alt_mode_is_refused() {
        assert!(flags_for(PinMode::Alt).is_none());
        assert!(
            flags_for(PinMode::OpenDrain).is_some_and(|f| f.contains(LineRequestFlags::OPEN_DRAIN))
        );
    }

    #[test]
    fn missing_devices_give_their_errno() {
        let mut b = LinuxBoard::new("/dev/pyrite-no-such-gpiochip");
        assert!(b.pin(3).is_none());
        assert_eq!(b.take_open_error(), Some(libc::ENOENT));
        assert_eq!(b.take_open_error(), None);
        // No machine has 4000 I2C adapters.
        assert!(b.i2c(3999).is_none());
        assert_eq!(b.take_open_error(), Some(libc::ENOENT));
        assert!(b.spi(3999).is_none());
        assert_eq!(b.take_open_error(), Some(libc::ENOENT));
        assert!(!b.spi_configure(3999, SpiConfig::default()));
    }
}
