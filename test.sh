#!/usr/bin/env bash
# The test command: unit tests, then our Python scripts normally, under gc stress and with a 64 KB heap.
set -euo pipefail
cd "$(dirname "$0")"
cargo test --release --workspace
PYRITE_TEST_MODE=gcstress cargo test --release -p pyrite-unix --test scripts
PYRITE_TEST_MODE=heap64k cargo test --release -p pyrite-unix --test scripts
