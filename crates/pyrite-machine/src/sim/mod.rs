//! A simulated board: 32 pins, ADC channels and PWM outputs on every pin,
//! I2C bus 0 with an AHT20 (0x38), a BMP581 (0x47) and an SSD1306 (0x3C),
//! and SPI bus 0 wired MOSI to MISO. Tests drive it through `pyrite_sim`.

pub mod aht20;
pub mod bmp581;
pub mod i2c_wire;
pub mod ssd1306;

use core::any::Any;

use embedded_hal::digital::{self, ErrorType, InputPin, OutputPin, StatefulOutputPin};
use embedded_hal::i2c::{self, I2c, NoAcknowledgeSource, Operation};
use embedded_hal::pwm::{self, SetDutyCycle};
use embedded_hal::spi::{self, SpiBus};

use crate::board::{
    AdcChannel, Board, FlexPin, PinMode, Pull, PwmChannel, SpiConfig, UartConfig, UartPort,
};

/// Pins (and ADC channels and PWM outputs) the board has.
pub const PINS: usize = 32;

/// Where `machine.mem8/16/32` find the simulated memory (a register block).
pub const MEM_BASE: usize = 0x5000_0000;
pub const MEM_LEN: usize = 256;

/// How many `machine.bitstream` pulses the board remembers.
pub const PULSES_KEPT: usize = 4096;

/// One simulated pin.
#[derive(Clone, Copy, Debug)]
pub struct SimPin {
    pub mode: PinMode,
    pub pull: Pull,
    /// The level the program drives (OUT) or leaves released (OPEN_DRAIN high).
    pub out: bool,
    /// The level the outside world drives, if any (`pyrite_sim.set_pin`).
    pub ext: Option<bool>,
}

impl SimPin {
    const fn new() -> SimPin {
        SimPin {
            mode: PinMode::In,
            pull: Pull::None,
            out: false,
            ext: None,
        }
    }

    /// The level on the wire.
    pub fn level(&self) -> bool {
        let idle = match self.pull {
            Pull::Up => true,
            Pull::Down => false,
            // Open-drain lines are assumed to have external pull-ups.
            Pull::None => self.mode == PinMode::OpenDrain,
        };
        match self.mode {
            PinMode::Out | PinMode::Alt => self.out,
            PinMode::OpenDrain if !self.out => false,
            _ => self.ext.unwrap_or(idle),
        }
    }
}

impl ErrorType for SimPin {
    type Error = digital::ErrorKind;
}

impl InputPin for SimPin {
    fn is_high(&mut self) -> Result<bool, Self::Error> {
        Ok(self.level())
    }
    fn is_low(&mut self) -> Result<bool, Self::Error> {
        Ok(!self.level())
    }
}

impl OutputPin for SimPin {
    fn set_high(&mut self) -> Result<(), Self::Error> {
        self.out = true;
        Ok(())
    }
    fn set_low(&mut self) -> Result<(), Self::Error> {
        self.out = false;
        Ok(())
    }
}

impl StatefulOutputPin for SimPin {
    fn is_set_high(&mut self) -> Result<bool, Self::Error> {
        Ok(self.out)
    }
    fn is_set_low(&mut self) -> Result<bool, Self::Error> {
        Ok(!self.out)
    }
}

impl FlexPin for SimPin {
    fn configure(&mut self, mode: PinMode, pull: Pull) -> Result<(), digital::ErrorKind> {
        self.mode = mode;
        self.pull = pull;
        Ok(())
    }
}

/// An ADC input whose level a test sets (0..=65535 of a 3.3 V range).
#[derive(Clone, Copy, Debug, Default)]
pub struct SimAdc {
    pub level: u16,
}

impl AdcChannel for SimAdc {
    fn read_u16(&mut self) -> u16 {
        self.level
    }
    fn read_uv(&mut self) -> u32 {
        (self.level as u64 * 3_300_000 / 65535) as u32
    }
}

/// A PWM output that remembers what it was told.
#[derive(Clone, Copy, Debug)]
pub struct SimPwm {
    pub freq: u32,
    pub duty: u16,
    pub enabled: bool,
}

impl pwm::ErrorType for SimPwm {
    type Error = pwm::ErrorKind;
}

impl SetDutyCycle for SimPwm {
    fn max_duty_cycle(&self) -> u16 {
        u16::MAX
    }
    fn set_duty_cycle(&mut self, duty: u16) -> Result<(), Self::Error> {
        self.duty = duty;
        Ok(())
    }
}

impl PwmChannel for SimPwm {
    fn set_freq(&mut self, hz: u32) -> Result<(), pwm::ErrorKind> {
        if hz == 0 || hz > 40_000_000 {
            return Err(pwm::ErrorKind::Other);
        }
        self.freq = hz;
        Ok(())
    }
    fn freq(&mut self) -> u32 {
        self.freq
    }
    fn enable(&mut self, on: bool) {
        self.enabled = on;
    }
}

/// A device on the simulated I2C bus: it sees each transfer as a write
/// (bytes after the address) or a read (bytes it returns).
pub trait SimI2cDevice {
    fn write(&mut self, data: &[u8]);
    fn read(&mut self, out: &mut [u8]);
}

/// I2C bus 0 and its devices.
pub struct SimI2c {
    pub aht20: aht20::Aht20,
    pub bmp581: bmp581::Bmp581,
    pub ssd1306: ssd1306::Ssd1306,
}

impl SimI2c {
    fn device(&mut self, addr: u8) -> Option<&mut dyn SimI2cDevice> {
        match addr {
            aht20::ADDR => Some(&mut self.aht20),
            bmp581::ADDR => Some(&mut self.bmp581),
            ssd1306::ADDR => Some(&mut self.ssd1306),
            _ => None,
        }
    }
}

impl i2c::ErrorType for SimI2c {
    type Error = i2c::ErrorKind;
}

impl I2c for SimI2c {
    fn transaction(&mut self, address: u8, ops: &mut [Operation<'_>]) -> Result<(), Self::Error> {
        let dev = self
            .device(address)
            .ok_or(i2c::ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address))?;
        // Adjacent writes are one write on the wire (no repeated start).
        let mut pending: alloc::vec::Vec<u8> = alloc::vec::Vec::new();
        let mut writing = false;
        for op in ops.iter_mut() {
            match op {
                Operation::Write(b) => {
                    pending.extend_from_slice(b);
                    writing = true;
                }
                Operation::Read(b) => {
                    if writing {
                        dev.write(&pending);
                        pending.clear();
                        writing = false;
                    }
                    dev.read(b);
                }
            }
        }
        if writing {
            dev.write(&pending);
        }
        Ok(())
    }
}

impl i2c_wire::Devices for SimI2c {
    fn present(&mut self, addr: u8) -> bool {
        self.device(addr).is_some()
    }
    fn write(&mut self, addr: u8, data: &[u8]) {
        if let Some(d) = self.device(addr) {
            d.write(data);
        }
    }
    fn read(&mut self, addr: u8, out: &mut [u8]) {
        if let Some(d) = self.device(addr) {
            d.read(out);
        }
    }
}

/// SPI bus 0: whatever goes out on MOSI comes back on MISO.
#[derive(Default)]
pub struct SimSpi {
    pub config: Option<SpiConfig>,
    /// Bytes sent so far (the last 256).
    pub sent: alloc::vec::Vec<u8>,
}

impl SimSpi {
    fn log(&mut self, b: &[u8]) {
        self.sent.extend_from_slice(b);
        let n = self.sent.len();
        if n > 256 {
            self.sent.drain(..n - 256);
        }
    }
}

impl spi::ErrorType for SimSpi {
    type Error = spi::ErrorKind;
}

impl SpiBus<u8> for SimSpi {
    fn read(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
        words.fill(0);
        self.log(words);
        Ok(())
    }
    fn write(&mut self, words: &[u8]) -> Result<(), Self::Error> {
        self.log(words);
        Ok(())
    }
    fn transfer(&mut self, read: &mut [u8], write: &[u8]) -> Result<(), Self::Error> {
        for (i, r) in read.iter_mut().enumerate() {
            *r = write.get(i).copied().unwrap_or(0);
        }
        self.log(write);
        Ok(())
    }
    fn transfer_in_place(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
        self.log(words);
        Ok(())
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// A serial port: what is written is kept for `pyrite_sim.uart_sent`, and
/// comes back as input on a loopback port; tests add input with `uart_receive`.
#[derive(Default)]
pub struct SimUart {
    pub loopback: bool,
    pub config: Option<UartConfig>,
    pub rx: alloc::collections::VecDeque<u8>,
    pub tx: alloc::vec::Vec<u8>,
    pub breaks: u32,
}

impl embedded_io::ErrorType for SimUart {
    type Error = embedded_io::ErrorKind;
}

impl embedded_io::Read for SimUart {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
        let mut n = 0;
        while n < buf.len() {
            match self.rx.pop_front() {
                Some(b) => buf[n] = b,
                None => break,
            }
            n += 1;
        }
        Ok(n)
    }
}

impl embedded_io::ReadReady for SimUart {
    fn read_ready(&mut self) -> Result<bool, Self::Error> {
        Ok(!self.rx.is_empty())
    }
}

impl embedded_io::Write for SimUart {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        self.tx.extend_from_slice(buf);
        if self.loopback {
            self.rx.extend(buf.iter().copied());
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl UartPort for SimUart {
    fn configure(&mut self, cfg: UartConfig) -> bool {
        self.config = Some(cfg);
        true
    }
    fn available(&mut self) -> usize {
        self.rx.len()
    }
    fn send_break(&mut self) {
        self.breaks += 1;
    }
}

/// The whole simulated board.
pub struct SimBoard {
    pub pins: [SimPin; PINS],
    pub adc: [SimAdc; PINS],
    pub pwm: [SimPwm; PINS],
    pub i2c0: SimI2c,
    pub spi0: SimSpi,
    /// Bus 0's devices as seen from pins 18 (SCL) and 19 (SDA).
    pub wire: i2c_wire::I2cWire,
    /// UART 0 is wired TX to RX; UART 1 talks to the test.
    pub uarts: [SimUart; 2],
    pub freq: u32,
    /// Times `machine.reset()` was called.
    pub resets: u32,
    /// The watchdog's timeout (ms) once started, and how often it was fed.
    pub watchdog: Option<u32>,
    pub watchdog_feeds: u32,
    /// `MEM_LEN` bytes at `MEM_BASE`, little-endian as the boards are.
    pub mem: [u8; MEM_LEN],
    /// `(pin, high_ns, low_ns)` of each pulse `machine.bitstream` sent, oldest first.
    pub pulses: alloc::collections::VecDeque<(u32, u32, u32)>,
}

impl SimBoard {
    pub fn new() -> SimBoard {
        SimBoard {
            pins: [SimPin::new(); PINS],
            adc: [SimAdc::default(); PINS],
            pwm: [SimPwm {
                freq: 1000,
                duty: 0,
                enabled: false,
            }; PINS],
            i2c0: SimI2c {
                aht20: aht20::Aht20::new(),
                bmp581: bmp581::Bmp581::new(),
                ssd1306: ssd1306::Ssd1306::new(),
            },
            spi0: SimSpi::default(),
            wire: i2c_wire::I2cWire::new(),
            uarts: [
                SimUart {
                    loopback: true,
                    ..SimUart::default()
                },
                SimUart::default(),
            ],
            freq: 160_000_000,
            resets: 0,
            watchdog: None,
            watchdog_feeds: 0,
            mem: [0; MEM_LEN],
            pulses: alloc::collections::VecDeque::new(),
        }
    }
}

impl SimBoard {
    /// Lets the bit-level I2C devices see the lines as the program left
    /// them, and answer on SDA. Runs before every pin access.
    pub fn sync_wire(&mut self) {
        let drive = |p: &SimPin| match p.mode {
            PinMode::In => true,
            _ => p.out,
        };
        let scl = drive(&self.pins[i2c_wire::SCL_PIN]);
        let sda = drive(&self.pins[i2c_wire::SDA_PIN]);
        self.wire.update(scl, sda, &mut self.i2c0);
        self.pins[i2c_wire::SDA_PIN].ext = if self.wire.pull_sda_low {
            Some(false)
        } else {
            None
        };
    }
}

impl Default for SimBoard {
    fn default() -> Self {
        SimBoard::new()
    }
}

impl Board for SimBoard {
    fn pin(&mut self, id: u32) -> Option<&mut dyn FlexPin> {
        self.sync_wire();
        self.pins
            .get_mut(id as usize)
            .map(|p| p as &mut dyn FlexPin)
    }
    fn i2c(&mut self, id: u32) -> Option<&mut dyn I2c<Error = i2c::ErrorKind>> {
        (id == 0).then_some(&mut self.i2c0 as &mut dyn I2c<Error = i2c::ErrorKind>)
    }
    fn spi(&mut self, id: u32) -> Option<&mut dyn SpiBus<u8, Error = spi::ErrorKind>> {
        (id == 0).then_some(&mut self.spi0 as &mut dyn SpiBus<u8, Error = spi::ErrorKind>)
    }
    fn spi_configure(&mut self, id: u32, cfg: SpiConfig) -> bool {
        if id == 0 {
            self.spi0.config = Some(cfg);
        }
        id == 0
    }
    fn uart(&mut self, id: u32) -> Option<&mut dyn UartPort> {
        self.uarts
            .get_mut(id as usize)
            .map(|u| u as &mut dyn UartPort)
    }
    fn adc(&mut self, id: u32) -> Option<&mut dyn AdcChannel> {
        self.adc
            .get_mut(id as usize)
            .map(|a| a as &mut dyn AdcChannel)
    }
    fn pwm(&mut self, pin: u32) -> Option<&mut dyn PwmChannel> {
        self.pwm
            .get_mut(pin as usize)
            .map(|p| p as &mut dyn PwmChannel)
    }
    fn freq(&mut self) -> u32 {
        self.freq
    }
    fn set_freq(&mut self, hz: u32) -> bool {
        let ok = (1_000_000..=480_000_000).contains(&hz);
        if ok {
            self.freq = hz;
        }
        ok
    }
    fn unique_id(&mut self) -> &[u8] {
        b"\x50\x59\x52\x49\x54\x45\x00\x01"
    }
    fn mem_read(&mut self, addr: usize, width: u8) -> Option<u32> {
        let off = addr.checked_sub(MEM_BASE)?;
        let bytes = self.mem.get(off..off.checked_add(width as usize)?)?;
        Some(bytes.iter().rev().fold(0, |v, b| v << 8 | *b as u32))
    }
    fn mem_write(&mut self, addr: usize, width: u8, value: u32) -> bool {
        let Some(off) = addr.checked_sub(MEM_BASE) else {
            return false;
        };
        let end = off.saturating_add(width as usize);
        match self.mem.get_mut(off..end) {
            Some(bytes) => {
                bytes.copy_from_slice(&value.to_le_bytes()[..width as usize]);
                true
            }
            None => false,
        }
    }
    /// Records each pulse instead of timing it; the pin ends low.
    fn bitstream(&mut self, pin: u32, timing_ns: [u32; 4], data: &[u8]) -> bool {
        let Some(p) = self.pins.get_mut(pin as usize) else {
            return false;
        };
        p.out = false;
        for byte in data {
            for i in (0..8).rev() {
                let one = usize::from(byte >> i & 1 == 1);
                if self.pulses.len() == PULSES_KEPT {
                    self.pulses.pop_front();
                }
                let pulse = (pin, timing_ns[2 * one], timing_ns[2 * one + 1]);
                self.pulses.push_back(pulse);
            }
        }
        true
    }
    fn reset(&mut self) {
        self.resets += 1;
    }
    /// The simulated watchdog never bites; it remembers its timeout and feeds.
    fn watchdog_start(&mut self, timeout_ms: u32) -> bool {
        self.watchdog = Some(timeout_ms);
        true
    }
    fn watchdog_feed(&mut self) {
        self.watchdog_feeds += 1;
    }
    fn as_any(&mut self) -> &mut dyn Any {
        self.sync_wire();
        self
    }
}

/// CRC-8 as the AHT20 and other Sensirion-style parts compute it
/// (polynomial x^8 + x^5 + x^4 + 1, initial value 0xFF).
pub fn crc8(data: &[u8]) -> u8 {
    let mut crc = 0xffu8;
    for b in data {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                crc << 1 ^ 0x31
            } else {
                crc << 1
            };
        }
    }
    crc
}
