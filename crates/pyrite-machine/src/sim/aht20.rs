//! A simulated AHT20 humidity and temperature sensor (Aosong datasheet):
//! status byte, 0xBE calibrate, 0xAC trigger, 0xBA soft reset, and a 7-byte
//! result of 20-bit humidity and temperature with a CRC-8.

use super::{crc8, SimI2cDevice};

pub const ADDR: u8 = 0x38;

const STATUS_BUSY: u8 = 0x80;
const STATUS_CAL: u8 = 0x08;
/// Bit 4 reads as set on a healthy part (the datasheet checks `status & 0x18`).
const STATUS_OK: u8 = 0x10;

pub struct Aht20 {
    /// Simulated temperature in °C and relative humidity in %.
    pub celsius: f64,
    pub humidity: f64,
    calibrated: bool,
    /// Status reads left before the current measurement completes.
    busy_reads: u8,
    result: [u8; 7],
    /// Measurements triggered so far.
    pub measurements: u32,
}

/// The 20-bit code of `x` in `0..=1` (rounded, saturated).
fn code20(x: f64) -> u32 {
    let v = x * (1u32 << 20) as f64 + 0.5;
    if v <= 0.0 {
        0
    } else if v >= 0xfffff as f64 {
        0xfffff
    } else {
        v as u32
    }
}

impl Aht20 {
    pub fn new() -> Aht20 {
        Aht20 {
            celsius: 21.5,
            humidity: 45.0,
            calibrated: true,
            busy_reads: 0,
            result: [STATUS_OK | STATUS_CAL, 0, 0, 0, 0, 0, 0],
            measurements: 0,
        }
    }

    fn status(&self) -> u8 {
        let mut s = STATUS_OK;
        if self.calibrated {
            s |= STATUS_CAL;
        }
        if self.busy_reads > 0 {
            s |= STATUS_BUSY;
        }
        s
    }

    /// Datasheet section 6: S_RH = RH / 100 % * 2^20, S_T = (T + 50) / 200 * 2^20.
    fn measure(&mut self) {
        let h = code20(self.humidity / 100.0);
        let t = code20((self.celsius + 50.0) / 200.0);
        let r = &mut self.result;
        r[1] = (h >> 12) as u8;
        r[2] = (h >> 4) as u8;
        r[3] = ((h & 0xf) << 4) as u8 | (t >> 16) as u8;
        r[4] = (t >> 8) as u8;
        r[5] = t as u8;
        self.busy_reads = 1;
        self.measurements += 1;
    }
}

impl Default for Aht20 {
    fn default() -> Self {
        Aht20::new()
    }
}

impl SimI2cDevice for Aht20 {
    fn write(&mut self, data: &[u8]) {
        match data {
            [0xbe, ..] | [0xe1, ..] => self.calibrated = true,
            [0xac, 0x33, 0x00] => self.measure(),
            [0xba] => {
                self.busy_reads = 0;
                self.calibrated = true;
            }
            _ => {}
        }
    }

    fn read(&mut self, out: &mut [u8]) {
        self.result[0] = self.status();
        self.result[6] = crc8(&self.result[..6]);
        for (o, r) in out
            .iter_mut()
            .zip(self.result.iter().chain(core::iter::repeat(&0xff)))
        {
            *o = *r;
        }
        self.busy_reads = self.busy_reads.saturating_sub(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurement_follows_the_datasheet_formulas() {
        let mut a = Aht20::new();
        a.celsius = 25.0;
        a.humidity = 50.0;
        a.write(&[0xac, 0x33, 0x00]);
        let mut buf = [0u8; 7];
        a.read(&mut buf);
        assert_eq!(buf[0] & STATUS_BUSY, STATUS_BUSY);
        a.read(&mut buf);
        assert_eq!(buf[0], 0x18);
        let h = (buf[1] as u32) << 12 | (buf[2] as u32) << 4 | (buf[3] as u32) >> 4;
        let t = ((buf[3] & 0xf) as u32) << 16 | (buf[4] as u32) << 8 | buf[5] as u32;
        assert_eq!(h, 1 << 19);
        assert_eq!(t, (75.0 / 200.0 * (1u32 << 20) as f64) as u32);
        assert_eq!(buf[6], crc8(&buf[..6]));
    }

    #[test]
    fn crc_matches_the_datasheet_example() {
        // CRC-8/NRSC-5 style check value of "123456789" with poly 0x31, init 0xFF.
        assert_eq!(crc8(b"123456789"), 0xf7);
    }
}
