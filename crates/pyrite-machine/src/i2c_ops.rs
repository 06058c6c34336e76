//! What `I2C`'s methods do on any embedded-hal bus, as plain Rust (no
//! interpreter), so they can be checked against `embedded-hal-mock`.

use alloc::vec::Vec;

use embedded_hal::i2c::{Error, ErrorKind, I2c, NoAcknowledgeSource, Operation};

/// A bus as `machine` holds it.
pub type Bus<'a> = &'a mut dyn I2c<Error = ErrorKind>;

/// The errno MicroPython raises for a failed transfer: a device that does
/// not acknowledge its address is ENODEV, a timeout ETIMEDOUT, the rest EIO.
pub fn errno_of(e: ErrorKind) -> i32 {
    match e {
        ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address)
        | ErrorKind::NoAcknowledge(NoAcknowledgeSource::Unknown) => crate::args::ENODEV,
        ErrorKind::ArbitrationLoss | ErrorKind::Bus => crate::args::EIO,
        _ => crate::args::EIO,
    }
}

/// The 7-bit addresses that acknowledge, as `I2C.scan` reports them.
pub fn scan(bus: Bus) -> Vec<u8> {
    (0x08..0x78)
        .filter(|&a| bus.write(a, &[]).is_ok())
        .collect()
}

/// The register address `memaddr` in `addrsize` bits, most significant byte first.
pub fn mem_addr(memaddr: u32, addrsize: u32) -> ([u8; 4], usize) {
    let n = (addrsize / 8).clamp(1, 4) as usize;
    let be = memaddr.to_be_bytes();
    let mut out = [0u8; 4];
    out[..n].copy_from_slice(&be[4 - n..]);
    (out, n)
}

/// `readfrom_mem`: writes the register address, then reads after a repeated start.
pub fn read_mem(bus: Bus, addr: u8, reg: &[u8], out: &mut [u8]) -> Result<(), ErrorKind> {
    bus.write_read(addr, reg, out).map_err(|e| e.kind())
}

/// `writeto_mem`: the register address and the data in one write.
pub fn write_mem(bus: Bus, addr: u8, reg: &[u8], data: &[u8]) -> Result<(), ErrorKind> {
    let mut ops = [Operation::Write(reg), Operation::Write(data)];
    bus.transaction(addr, &mut ops).map_err(|e| e.kind())
}

/// `writevto`: several buffers sent as one write; returns the bytes sent.
pub fn write_vec(bus: Bus, addr: u8, bufs: &[&[u8]]) -> Result<usize, ErrorKind> {
    let mut ops: Vec<Operation> = bufs.iter().map(|b| Operation::Write(b)).collect();
    if ops.is_empty() {
        ops.push(Operation::Write(&[]));
    }
    bus.transaction(addr, &mut ops).map_err(|e| e.kind())?;
    Ok(bufs.iter().map(|b| b.len()).sum())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use embedded_hal_mock::eh1::i2c::{Mock, Transaction};

    #[test]
    fn mem_addresses_are_big_endian() {
        assert_eq!(mem_addr(0x1234, 16), ([0x12, 0x34, 0, 0], 2));
        assert_eq!(mem_addr(0x1d, 8), ([0x1d, 0, 0, 0], 1));
    }

    #[test]
    fn read_mem_is_a_write_then_read() {
        let mut m = Mock::new(&[Transaction::write_read(0x47, vec![0x01], vec![0x50])]);
        let mut out = [0u8; 1];
        read_mem(&mut m, 0x47, &[0x01], &mut out).unwrap();
        assert_eq!(out, [0x50]);
        m.done();
    }

    #[test]
    fn write_mem_is_one_transaction() {
        let mut m = Mock::new(&[
            Transaction::transaction_start(0x3c),
            Transaction::write(0x3c, vec![0x40]),
            Transaction::write(0x3c, vec![1, 2, 3]),
            Transaction::transaction_end(0x3c),
        ]);
        write_mem(&mut m, 0x3c, &[0x40], &[1, 2, 3]).unwrap();
        m.done();
    }

    #[test]
    fn address_nack_is_enodev() {
        let mut m = Mock::new(&[Transaction::write(0x10, vec![])
            .with_error(ErrorKind::NoAcknowledge(NoAcknowledgeSource::Address))]);
        assert_eq!(
            m.write(0x10, &[]).map_err(|e| errno_of(e.kind())),
            Err(crate::args::ENODEV)
        );
        m.done();
    }

    #[test]
    fn write_vec_counts_bytes() {
        let mut m = Mock::new(&[
            Transaction::transaction_start(0x38),
            Transaction::write(0x38, vec![0xac]),
            Transaction::write(0x38, vec![0x33, 0x00]),
            Transaction::transaction_end(0x38),
        ]);
        assert_eq!(write_vec(&mut m, 0x38, &[&[0xac], &[0x33, 0]]), Ok(3));
        m.done();
    }
}
