//! Unicode case mapping (`str.upper`, `lower`, `title`...) from compact tables.
//!
//! `build.rs` derives the tables from the compiler's own `char::to_uppercase`
//! and `to_lowercase` as runs of characters shifted by one delta: about 4 KB
//! of flash where core's tables take 24 KB.

mod tables {
    include!(concat!(env!("OUT_DIR"), "/case_tables.rs"));
}

/// The case of one character: one to three characters.
#[derive(Clone)]
pub struct Mapped {
    chars: [char; 3],
    n: u8,
    i: u8,
}

impl Iterator for Mapped {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        let c = *self
            .chars
            .get(usize::from(self.i))
            .filter(|_| self.i < self.n)?;
        self.i += 1;
        Some(c)
    }
}

fn one(c: char) -> Mapped {
    Mapped {
        chars: [c, '\0', '\0'],
        n: 1,
        i: 0,
    }
}

fn lookup(runs: &[(u32, i32)], multi: &[[u16; 4]], c: char) -> Mapped {
    let x = c as u32;
    if let Ok(i) = multi.binary_search_by_key(&x, |r| u32::from(r[0])) {
        let r = &multi[i];
        let mut m = one(c);
        m.n = 0;
        for &u in r[1..].iter().take_while(|&&u| u != 0) {
            m.chars[usize::from(m.n)] = char::from_u32(u32::from(u)).unwrap_or(c);
            m.n += 1;
        }
        return m;
    }
    let i = runs.partition_point(|&(w, _)| w & 0x1f_ffff <= x);
    if let Some(&(w, d)) = i.checked_sub(1).and_then(|i| runs.get(i)) {
        let (start, stride, len) = (w & 0x1f_ffff, 1 + ((w >> 21) & 1), 1 + (w >> 22));
        let off = x - start;
        if off.is_multiple_of(stride) && off / stride < len {
            return one(char::from_u32(x.wrapping_add_signed(d)).unwrap_or(c));
        }
    }
    one(c)
}

/// The upper case of `c` (as `char::to_uppercase`).
pub fn upper(c: char) -> Mapped {
    if c.is_ascii() {
        return one(c.to_ascii_uppercase());
    }
    lookup(&tables::UPPER_RUNS, &tables::UPPER_MULTI, c)
}

/// The lower case of `c` (as `char::to_lowercase`).
pub fn lower(c: char) -> Mapped {
    if c.is_ascii() {
        return one(c.to_ascii_lowercase());
    }
    lookup(&tables::LOWER_RUNS, &tables::LOWER_MULTI, c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_as_core_for_every_char() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert!(super::upper(c).eq(c.to_uppercase()), "upper {:x}", c as u32);
            assert!(super::lower(c).eq(c.to_lowercase()), "lower {:x}", c as u32);
        }
    }
}
