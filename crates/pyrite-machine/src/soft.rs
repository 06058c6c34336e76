//! Bit-banged buses (`SoftI2C`, `SoftSPI`) over any pins, implementing the
//! embedded-hal `I2c` and `SpiBus` traits so `machine` treats them like
//! hardware buses.

use embedded_hal::i2c::{self, I2c, NoAcknowledgeSource, Operation};
use embedded_hal::spi::{self, SpiBus};

use crate::board::Board;

/// Board pins by number, borrowed one at a time.
pub struct Lines<'a> {
    pub board: &'a mut dyn Board,
    /// Half a bit period in nanoseconds.
    pub half_ns: u32,
}

impl Lines<'_> {
    fn set(&mut self, pin: u32, high: bool) {
        if let Some(p) = self.board.pin(pin) {
            let _ = p.set_state(high.into());
        }
    }
    fn get(&mut self, pin: u32) -> bool {
        self.board
            .pin(pin)
            .and_then(|p| p.is_high().ok())
            .unwrap_or(true)
    }
    fn wait(&mut self) {
        let ns = self.half_ns;
        if let Some(d) = self.board.delay() {
            d.delay_ns(ns);
        }
    }
}

/// I2C over two open-drain pins (high releases the line).
pub struct SoftI2c<'a> {
    pub lines: Lines<'a>,
    pub scl: u32,
    pub sda: u32,
}

impl SoftI2c<'_> {
    fn scl(&mut self, h: bool) {
        self.lines.set(self.scl, h);
        self.lines.wait();
    }
    fn sda(&mut self, h: bool) {
        self.lines.set(self.sda, h);
    }
    pub fn start(&mut self) {
        self.sda(true);
        self.scl(true);
        self.sda(false);
        self.lines.wait();
        self.scl(false);
    }
    pub fn stop(&mut self) {
        self.sda(false);
        self.scl(true);
        self.sda(true);
        self.lines.wait();
    }
    /// Sends a byte; true if the device acknowledged it.
    pub fn write_byte(&mut self, b: u8) -> bool {
        for i in (0..8).rev() {
            self.sda(b >> i & 1 == 1);
            self.scl(true);
            self.scl(false);
        }
        self.sda(true);
        self.scl(true);
        let ack = !self.lines.get(self.sda);
        self.scl(false);
        ack
    }
    /// Reads a byte, acknowledging it if `ack`.
    pub fn read_byte(&mut self, ack: bool) -> u8 {
        let mut b = 0u8;
        self.sda(true);
        for _ in 0..8 {
            self.scl(true);
            b = b << 1 | self.lines.get(self.sda) as u8;
            self.scl(false);
        }
        self.sda(!ack);
        self.scl(true);
        self.scl(false);
        self.sda(true);
        b
    }
}

impl i2c::ErrorType for SoftI2c<'_> {
    type Error = i2c::ErrorKind;
}

impl I2c for SoftI2c<'_> {
    fn transaction(
        &mut self,
        address: u8,
        operations: &mut [Operation<'_>],
    ) -> Result<(), Self::Error> {
        let mut last_read: Option<bool> = None;
        let n = operations.len();
        let mut r = Ok(());
        for i in 0..n {
            let is_read = matches!(operations[i], Operation::Read(_));
            // A read followed by another read continues it, so its last byte is acknowledged.
            let next_is_read = i + 1 < n && matches!(operations[i + 1], Operation::Read(_));
            if last_read != Some(is_read) {
                self.start();
                if !self.write_byte(address << 1 | is_read as u8) {
                    r = Err(i2c::ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address));
                    break;
                }
                last_read = Some(is_read);
            }
            match &mut operations[i] {
                Operation::Write(bytes) => {
                    let bytes: &[u8] = bytes;
                    for b in bytes {
                        if !self.write_byte(*b) {
                            r = Err(i2c::ErrorKind::NoAcknowledge(NoAcknowledgeSource::Data));
                            break;
                        }
                    }
                }
                Operation::Read(buf) => {
                    let len = buf.len();
                    for j in 0..len {
                        let b = self.read_byte(j + 1 < len || next_is_read);
                        buf[j] = b;
                    }
                }
            }
            if r.is_err() {
                break;
            }
        }
        self.stop();
        r
    }
}

/// SPI over three pins (MISO may be any pin; unread when absent).
pub struct SoftSpi<'a> {
    pub lines: Lines<'a>,
    pub sck: u32,
    pub mosi: u32,
    pub miso: u32,
    pub polarity: bool,
    pub phase: bool,
    pub lsb_first: bool,
}

impl SoftSpi<'_> {
    fn byte(&mut self, out: u8) -> u8 {
        let mut inb = 0u8;
        for i in 0..8 {
            let bit = if self.lsb_first { i } else { 7 - i };
            let pol = self.polarity;
            if !self.phase {
                self.lines.set(self.mosi, out >> bit & 1 == 1);
                self.lines.wait();
                self.lines.set(self.sck, !pol);
                let v = self.lines.get(self.miso) as u8;
                inb |= v << bit;
                self.lines.wait();
                self.lines.set(self.sck, pol);
            } else {
                self.lines.set(self.sck, !pol);
                self.lines.set(self.mosi, out >> bit & 1 == 1);
                self.lines.wait();
                self.lines.set(self.sck, pol);
                let v = self.lines.get(self.miso) as u8;
                inb |= v << bit;
                self.lines.wait();
            }
        }
        inb
    }
}

impl spi::ErrorType for SoftSpi<'_> {
    type Error = spi::ErrorKind;
}

impl SpiBus<u8> for SoftSpi<'_> {
    fn read(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
        for w in words.iter_mut() {
            *w = self.byte(0);
        }
        Ok(())
    }
    fn write(&mut self, words: &[u8]) -> Result<(), Self::Error> {
        for w in words {
            self.byte(*w);
        }
        Ok(())
    }
    fn transfer(&mut self, read: &mut [u8], write: &[u8]) -> Result<(), Self::Error> {
        let n = read.len().max(write.len());
        for i in 0..n {
            let r = self.byte(write.get(i).copied().unwrap_or(0));
            if let Some(slot) = read.get_mut(i) {
                *slot = r;
            }
        }
        Ok(())
    }
    fn transfer_in_place(&mut self, words: &mut [u8]) -> Result<(), Self::Error> {
        for w in words.iter_mut() {
            *w = self.byte(*w);
        }
        Ok(())
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::{PinMode, Pull};
    use crate::sim::SimBoard;

    fn open_drain(b: &mut SimBoard, pins: &[u32]) {
        for &p in pins {
            let pin = b.pin(p).unwrap();
            pin.configure(PinMode::OpenDrain, Pull::Up).unwrap();
            pin.set_high().unwrap();
        }
    }

    #[test]
    fn soft_i2c_talks_to_the_simulated_devices_bit_by_bit() {
        let mut b = SimBoard::new();
        open_drain(&mut b, &[18, 19]);
        let mut bus = SoftI2c {
            lines: Lines {
                board: &mut b,
                half_ns: 0,
            },
            scl: 18,
            sda: 19,
        };
        let mut id = [0u8; 2];
        bus.write_read(0x47, &[0x01], &mut id).unwrap();
        assert_eq!(id, [0x50, 0x32]);
        bus.write(0x47, &[0x36, 0x40, 0x71]).unwrap();
        let mut cfg = [0u8; 2];
        bus.write_read(0x47, &[0x36], &mut cfg).unwrap();
        assert_eq!(cfg, [0x40, 0x71]);
        assert_eq!(
            bus.write(0x12, &[]),
            Err(i2c::ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address))
        );
    }

    #[test]
    fn soft_spi_shifts_msb_first_in_mode_0() {
        let mut b = SimBoard::new();
        for (p, m) in [(1, PinMode::Out), (2, PinMode::Out), (3, PinMode::In)] {
            b.pin(p).unwrap().configure(m, Pull::Down).unwrap();
        }
        b.pins[3].ext = Some(true);
        let mut spi = SoftSpi {
            lines: Lines {
                board: &mut b,
                half_ns: 0,
            },
            sck: 1,
            mosi: 2,
            miso: 3,
            polarity: false,
            phase: false,
            lsb_first: false,
        };
        let mut buf = [0x81u8];
        spi.transfer_in_place(&mut buf).unwrap();
        assert_eq!(buf, [0xff]);
        // The last bit sent (bit 0 of 0x81) is left on MOSI; the clock idles low.
        assert!(b.pins[2].out);
        assert!(!b.pins[1].out);
    }
}
