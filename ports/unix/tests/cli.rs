//! The `pyrite` command line and outputs that vary run to run (checked by shape, not bytes).

use std::process::{Command, Output};

fn pyrite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .output()
        .expect("run pyrite")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The numbers after each `key` in `line` (`key: 12` or `key=12`).
fn fields(line: &str, keys: &[&str]) -> Option<Vec<usize>> {
    keys.iter()
        .map(|k| {
            let at = line.find(k)? + k.len();
            let digits: String = line[at..]
                .trim_start_matches([':', '=', ' '])
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .collect()
}

#[test]
fn mem_info_reports_the_heap() {
    let o = pyrite(&[
        "-X",
        "heapsize=64k",
        "-c",
        "import micropython\nmicropython.mem_info()\nmicropython.mem_info(1)",
    ]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 9, "{out}");
    for base in [0, 4] {
        assert!(lines[base].starts_with("mem: total="), "{out}");
        let s = fields(lines[base + 1], &["stack:", "out of"]).expect("stack line");
        assert!(s[0] < s[1]);
        let g = fields(lines[base + 2], &["total", "used", "free"]).expect("GC line");
        assert_eq!(g[0], g[1] + g[2]);
        assert!(g[0] > 60_000 && g[0] <= 65_536, "{out}");
        let b = fields(
            lines[base + 3],
            &["1-blocks", "2-blocks", "max blk sz", "max free sz"],
        )
        .expect("blocks line");
        assert!(b[3] > 0 && b[2] > 0);
    }
    assert!(lines[8].starts_with("GC memory layout; from "), "{out}");
    // The map has one character per block.
    let map: usize = lines[9..]
        .iter()
        .filter_map(|l| l.split_once(": ").map(|(_, m)| m.len()))
        .sum();
    assert!(map > 0, "{out}");
}

#[test]
fn qstr_info_counts_runtime_strings() {
    let o = pyrite(&[
        "-c",
        "import micropython\nx = 'zzqq_fresh_name'\nmicropython.qstr_info(1)",
    ]);
    let out = stdout(&o);
    let first = out.lines().next().unwrap_or("");
    let f = fields(
        first,
        &["n_pool", "n_qstr", "n_str_data_bytes", "n_total_bytes"],
    )
    .expect(&out);
    assert!(f[1] >= 1 && f[3] >= f[2], "{out}");
    assert!(out.contains("Q(zzqq_fresh_name)"), "{out}");
}
