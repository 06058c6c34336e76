#!/usr/bin/env bash
# The test command: unit tests, then our Python scripts normally, under gc stress and with a 64 KB heap.
set -euo pipefail
cd "$(dirname "$0")"
cargo test --release --workspace
PYRITE_TEST_MODE=gcstress cargo test --release -p pyrite-unix --test scripts
PYRITE_TEST_MODE=heap64k cargo test --release -p pyrite-unix --test scripts
# Rust allocations drawn from the Python heap, as on boards: compiling on a
# full heap must raise MemoryError, never abort (so must importing a .pyrc
# file); the scripts in 64 KB (where a clean MemoryError passes too) and under
# gc stress (then the default build again).
cargo test --release -p pyrite-unix --features rust-allocs-in-heap --test compile_oom --test pyrc_oom
PYRITE_TEST_MODE=heap64k cargo test --release -p pyrite-unix --features rust-allocs-in-heap --test scripts
PYRITE_TEST_MODE=gcstress cargo test --release -p pyrite-unix --features rust-allocs-in-heap --test scripts
# The REPL at a pseudo-terminal (friendly, raw, raw-paste), then mpremote end to
# end ($MPREMOTE or mpremote on PATH; skipped without it, .ci/run installs it).
cargo build --release -p pyrite-unix
python3 ports/unix/tests/repl_pty.py
python3 ports/unix/tests/mpremote_e2e.py
# Real MicroPython drivers (fetched from the registry into a scratch folder) on the simulated board.
python3 ports/unix/tests/drivers_e2e.py
# deflate.DeflateIO against CPython's zlib and gzip, both ways.
python3 ports/unix/tests/deflate_e2e.py
# The linux-hal feature (real GPIO/I2C/SPI devices on Linux, no hardware needed
# here): its unit tests and the Python-level errors; then the default build again.
cargo test --release -p pyrite-unix --features linux-hal --bins
cargo build --release -p pyrite-unix --features linux-hal
cp target/release/pyrite target/release/pyrite-linux-hal
python3 ports/unix/tests/linux_hal.py target/release/pyrite-linux-hal
cargo build --release -p pyrite-unix
