//! A simulated SSD1306 128x64 OLED controller on I2C (Solomon Systech
//! datasheet): control bytes (Co, D/C#), the fundamental, addressing and
//! hardware-configuration commands, and the 1 KiB display RAM in its own
//! layout (8 pages of 128 column bytes, bit 0 the top row of a page).

use super::SimI2cDevice;

pub const ADDR: u8 = 0x3c;
pub const WIDTH: usize = 128;
pub const HEIGHT: usize = 64;
const PAGES: usize = HEIGHT / 8;

pub struct Ssd1306 {
    pub ram: [u8; WIDTH * PAGES],
    pub display_on: bool,
    pub inverted: bool,
    pub contrast: u8,
    /// 0 horizontal, 1 vertical, 2 page addressing (the reset mode).
    pub addr_mode: u8,
    col: usize,
    page: usize,
    col_range: (usize, usize),
    page_range: (usize, usize),
    /// A command waiting for its argument bytes.
    cmd: [u8; 8],
    cmd_len: usize,
}

/// Argument bytes a command takes after its first byte.
fn arg_count(c: u8) -> usize {
    match c {
        0x81 | 0x8d | 0xa8 | 0xd3 | 0xd5 | 0xd9 | 0xda | 0xdb | 0x20 => 1,
        0x21 | 0x22 | 0xa3 => 2,
        0x29 | 0x2a => 5,
        0x26 | 0x27 => 6,
        _ => 0,
    }
}

impl Ssd1306 {
    pub fn new() -> Ssd1306 {
        Ssd1306 {
            ram: [0; WIDTH * PAGES],
            display_on: false,
            inverted: false,
            contrast: 0x7f,
            addr_mode: 2,
            col: 0,
            page: 0,
            col_range: (0, WIDTH - 1),
            page_range: (0, PAGES - 1),
            cmd: [0; 8],
            cmd_len: 0,
        }
    }

    /// The pixel at (x, y) as RAM holds it: 1 lit, 0 dark.
    pub fn pixel(&self, x: usize, y: usize) -> u8 {
        if x >= WIDTH || y >= HEIGHT {
            return 0;
        }
        self.ram[(y / 8) * WIDTH + x] >> (y % 8) & 1
    }

    fn command_byte(&mut self, b: u8) {
        self.cmd[self.cmd_len] = b;
        self.cmd_len += 1;
        if self.cmd_len <= arg_count(self.cmd[0]) {
            return;
        }
        let c = self.cmd;
        self.cmd_len = 0;
        match c[0] {
            0x00..=0x0f => self.col = (self.col & 0xf0) | (c[0] & 0x0f) as usize,
            0x10..=0x1f => self.col = (self.col & 0x0f) | ((c[0] & 0x07) as usize) << 4,
            0x20 => self.addr_mode = c[1] & 0x03,
            0x21 => {
                self.col_range = ((c[1] & 0x7f) as usize, (c[2] & 0x7f) as usize);
                self.col = self.col_range.0;
            }
            0x22 => {
                self.page_range = ((c[1] & 0x07) as usize, (c[2] & 0x07) as usize);
                self.page = self.page_range.0;
            }
            0x81 => self.contrast = c[1],
            0xa6 => self.inverted = false,
            0xa7 => self.inverted = true,
            0xae => self.display_on = false,
            0xaf => self.display_on = true,
            0xb0..=0xb7 => self.page = (c[0] & 0x07) as usize,
            _ => {}
        }
    }

    fn data_byte(&mut self, b: u8) {
        if let Some(cell) = self.ram.get_mut(self.page * WIDTH + self.col) {
            *cell = b;
        }
        let (c0, c1) = self.col_range;
        let (p0, p1) = self.page_range;
        match self.addr_mode {
            0 => {
                if self.col >= c1 {
                    self.col = c0;
                    self.page = if self.page >= p1 { p0 } else { self.page + 1 };
                } else {
                    self.col += 1;
                }
            }
            1 => {
                if self.page >= p1 {
                    self.page = p0;
                    self.col = if self.col >= c1 { c0 } else { self.col + 1 };
                } else {
                    self.page += 1;
                }
            }
            _ => {
                self.col = if self.col >= WIDTH - 1 {
                    0
                } else {
                    self.col + 1
                }
            }
        }
    }
}

impl Default for Ssd1306 {
    fn default() -> Self {
        Ssd1306::new()
    }
}

impl SimI2cDevice for Ssd1306 {
    /// After the address come control bytes: Co (bit 7) set means one byte
    /// follows and then another control byte; clear means the rest of the
    /// transfer is all commands (D/C# = bit 6 clear) or all data.
    fn write(&mut self, data: &[u8]) {
        let mut i = 0;
        while i < data.len() {
            let ctrl = data[i];
            i += 1;
            let is_data = ctrl & 0x40 != 0;
            let end = if ctrl & 0x80 != 0 {
                (i + 1).min(data.len())
            } else {
                data.len()
            };
            for &b in &data[i..end] {
                if is_data {
                    self.data_byte(b);
                } else {
                    self.command_byte(b);
                }
            }
            i = end;
        }
    }

    /// Reads return the status byte: bit 6 set while the display is off.
    fn read(&mut self, out: &mut [u8]) {
        let status = if self.display_on { 0x00 } else { 0x40 };
        out.fill(status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizontal_addressing_fills_the_window() {
        let mut d = Ssd1306::new();
        d.write(&[0x00, 0x20, 0x00, 0x21, 0, 127, 0x22, 0, 7, 0xaf]);
        assert!(d.display_on);
        let mut data = alloc::vec![0x40u8];
        data.extend((0..1024).map(|i| (i % 251) as u8));
        d.write(&data);
        assert_eq!(d.ram[0], 0);
        assert_eq!(d.ram[1023], (1023 % 251) as u8);
        assert_eq!(d.pixel(1, 0), 1);
    }

    #[test]
    fn page_addressing_with_single_commands() {
        let mut d = Ssd1306::new();
        for c in [0xb2u8, 0x05, 0x10] {
            d.write(&[0x80, c]);
        }
        d.write(&[0xc0, 0xff]);
        assert_eq!(d.ram[2 * WIDTH + 5], 0xff);
        assert_eq!(d.pixel(5, 16), 1);
    }
}
