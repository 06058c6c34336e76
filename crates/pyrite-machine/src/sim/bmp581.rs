//! A simulated BMP581 pressure sensor (Bosch datasheet register map):
//! CHIP_ID 0x50 at 0x01, 24-bit temperature (°C * 2^16) at 0x1D..0x1F and
//! pressure (Pa * 2^6) at 0x20..0x22, least significant byte first,
//! OSR_CONFIG (0x36) and ODR_CONFIG (0x37), soft reset by 0xB6 to CMD (0x7E).

use super::SimI2cDevice;

pub const ADDR: u8 = 0x47;

const CHIP_ID: usize = 0x01;
const REV_ID: usize = 0x02;
const TEMP_DATA: usize = 0x1d;
const PRESS_DATA: usize = 0x20;
const INT_STATUS: usize = 0x27;
const STATUS: usize = 0x28;
const OSR_CONFIG: usize = 0x36;
const ODR_CONFIG: usize = 0x37;
const CMD: usize = 0x7e;

pub struct Bmp581 {
    /// Simulated temperature in °C and pressure in Pa.
    pub celsius: f64,
    pub pascal: f64,
    regs: [u8; 128],
    ptr: usize,
}

/// `x * scale` rounded, as 24-bit two's complement.
fn code24(x: f64, scale: f64) -> u32 {
    let v = x * scale;
    let r = if v < 0.0 { v - 0.5 } else { v + 0.5 } as i64;
    (r.clamp(-(1 << 23), (1 << 23) - 1) as u32) & 0xff_ffff
}

impl Bmp581 {
    pub fn new() -> Bmp581 {
        let mut b = Bmp581 {
            celsius: 21.5,
            pascal: 101_325.0,
            regs: [0; 128],
            ptr: 0,
        };
        b.reset();
        b
    }

    fn reset(&mut self) {
        self.regs = [0; 128];
        self.regs[CHIP_ID] = 0x50;
        self.regs[REV_ID] = 0x32;
        self.regs[INT_STATUS] = 0x10;
        self.regs[STATUS] = 0x02;
        self.regs[ODR_CONFIG] = 0x70;
    }

    /// Standby (power mode 0) does not convert.
    fn converting(&self) -> bool {
        self.regs[ODR_CONFIG] & 0x03 != 0
    }

    fn reg(&self, r: usize) -> u8 {
        let sample = |code: u32, at: usize| (code >> (8 * (r - at))) as u8;
        match r {
            TEMP_DATA..=0x1f if self.converting() => {
                sample(code24(self.celsius, 65536.0), TEMP_DATA)
            }
            PRESS_DATA..=0x22 if self.converting() && self.regs[OSR_CONFIG] & 0x40 != 0 => {
                sample(code24(self.pascal, 64.0), PRESS_DATA)
            }
            TEMP_DATA..=0x22 => 0,
            _ => self.regs.get(r).copied().unwrap_or(0),
        }
    }
}

impl Default for Bmp581 {
    fn default() -> Self {
        Bmp581::new()
    }
}

impl SimI2cDevice for Bmp581 {
    fn write(&mut self, data: &[u8]) {
        let Some((&first, rest)) = data.split_first() else {
            return;
        };
        self.ptr = first as usize & 0x7f;
        for &b in rest {
            match self.ptr {
                CMD if b == 0xb6 => self.reset(),
                0x30..=0x37 | 0x18 | 0x14..=0x16 => self.regs[self.ptr] = b,
                _ => {}
            }
            self.ptr = (self.ptr + 1) & 0x7f;
        }
    }

    fn read(&mut self, out: &mut [u8]) {
        for o in out {
            *o = self.reg(self.ptr);
            if self.ptr == INT_STATUS {
                self.regs[INT_STATUS] = 0;
            }
            self.ptr = (self.ptr + 1) & 0x7f;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chip_id_and_data_registers() {
        let mut b = Bmp581::new();
        let mut id = [0u8];
        b.write(&[0x01]);
        b.read(&mut id);
        assert_eq!(id, [0x50]);
        b.celsius = 25.0;
        b.pascal = 100_000.0;
        b.write(&[0x36, 0x40, 0x71]);
        let mut d = [0u8; 6];
        b.write(&[0x1d]);
        b.read(&mut d);
        let t = d[0] as u32 | (d[1] as u32) << 8 | (d[2] as u32) << 16;
        let p = d[3] as u32 | (d[4] as u32) << 8 | (d[5] as u32) << 16;
        assert_eq!(t, 25 << 16);
        assert_eq!(p, 100_000 * 64);
    }
}
