//! Test helpers shared by the parser test files: a compact AST printer.

pub mod sexp;
