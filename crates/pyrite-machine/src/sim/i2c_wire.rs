//! The simulated I2C devices seen bit by bit: a target-side I2C state machine
//! on two pins (SCL 18, SDA 19), so `SoftI2C` on those pins reaches the same
//! devices as hardware bus 0. It watches the lines the program drives and
//! pulls SDA low to acknowledge and to send zero bits, as a device would.

use alloc::vec::Vec;

/// The pins wired to the bit-level bus.
pub const SCL_PIN: usize = 18;
pub const SDA_PIN: usize = 19;

/// How much a read transfer fetches from the device up front.
const READ_AHEAD: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    /// Shifting in the address byte or a data byte from the controller.
    Receive,
    /// Our ACK bit (SDA held low through the 9th clock).
    Ack,
    /// Shifting a byte out to the controller.
    Send,
    /// The controller's ACK/NACK bit after a byte we sent.
    HostAck,
}

pub struct I2cWire {
    scl: bool,
    sda: bool,
    phase: Phase,
    bits: u8,
    byte: u8,
    /// The transfer's 7-bit address once received, and whether it reads.
    addr: Option<u8>,
    reading: bool,
    /// Bytes written in this transfer, delivered to the device at a stop or repeated start.
    written: Vec<u8>,
    /// Bytes fetched for a read transfer, and how many were sent.
    out: Vec<u8>,
    sent: usize,
    /// Whether this side pulls SDA low now.
    pub pull_sda_low: bool,
}

/// What the wire needs from the bus it stands in front of.
pub trait Devices {
    fn present(&mut self, addr: u8) -> bool;
    fn write(&mut self, addr: u8, data: &[u8]);
    fn read(&mut self, addr: u8, out: &mut [u8]);
}

impl I2cWire {
    pub fn new() -> I2cWire {
        I2cWire {
            scl: true,
            sda: true,
            phase: Phase::Idle,
            bits: 0,
            byte: 0,
            addr: None,
            reading: false,
            written: Vec::new(),
            out: Vec::new(),
            sent: 0,
            pull_sda_low: false,
        }
    }

    /// Delivers a finished write transfer.
    fn finish(&mut self, dev: &mut dyn Devices) {
        if let (Some(a), false) = (self.addr, self.reading) {
            let data = core::mem::take(&mut self.written);
            dev.write(a, &data);
        }
        self.addr = None;
        self.written.clear();
        self.pull_sda_low = false;
    }

    fn next_out_bit(&mut self) {
        let b = self.out.get(self.sent).copied().unwrap_or(0xff);
        self.pull_sda_low = b >> (7 - self.bits) & 1 == 0;
    }

    /// The controller's levels now (SCL, SDA as it drives them; the bus is
    /// the wired AND of both sides). Call after every change of either line.
    pub fn update(&mut self, scl: bool, sda_host: bool, dev: &mut dyn Devices) {
        let sda = sda_host && !self.pull_sda_low;
        let (old_scl, old_sda) = (self.scl, self.sda);
        self.scl = scl;
        self.sda = sda;
        if scl && old_scl && sda != old_sda && sda_host != old_sda {
            if !sda {
                // Start or repeated start.
                self.finish(dev);
                self.phase = Phase::Receive;
                self.bits = 0;
                self.byte = 0;
            } else {
                // Stop.
                self.finish(dev);
                self.phase = Phase::Idle;
            }
            return;
        }
        let rising = scl && !old_scl;
        let falling = !scl && old_scl;
        match self.phase {
            Phase::Idle => {}
            Phase::Receive if rising => {
                self.byte = self.byte << 1 | sda as u8;
                self.bits += 1;
            }
            Phase::Receive if falling && self.bits == 8 => {
                let ack = match self.addr {
                    None => {
                        let a = self.byte >> 1;
                        self.reading = self.byte & 1 == 1;
                        let here = dev.present(a);
                        if here {
                            self.addr = Some(a);
                            if self.reading {
                                self.out = alloc::vec![0; READ_AHEAD];
                                dev.read(a, &mut self.out);
                                self.sent = 0;
                            }
                        }
                        here
                    }
                    Some(_) => {
                        self.written.push(self.byte);
                        true
                    }
                };
                self.pull_sda_low = ack;
                self.phase = if ack { Phase::Ack } else { Phase::Idle };
            }
            Phase::Ack if falling => {
                self.bits = 0;
                self.byte = 0;
                if self.reading {
                    self.phase = Phase::Send;
                    self.next_out_bit();
                } else {
                    self.pull_sda_low = false;
                    self.phase = Phase::Receive;
                }
            }
            Phase::Send if falling => {
                self.bits += 1;
                if self.bits == 8 {
                    self.pull_sda_low = false;
                    self.sent += 1;
                    self.phase = Phase::HostAck;
                } else {
                    self.next_out_bit();
                }
            }
            // NACK (SDA high) ends the read; the stop follows.
            Phase::HostAck if rising && sda => {
                self.phase = Phase::Idle;
                self.addr = None;
            }
            Phase::HostAck if falling => {
                self.bits = 0;
                self.phase = Phase::Send;
                self.next_out_bit();
            }
            _ => {}
        }
    }
}

impl Default for I2cWire {
    fn default() -> Self {
        I2cWire::new()
    }
}
