//! Disassembly of code objects, for golden tests and `--dump-bytecode`.
