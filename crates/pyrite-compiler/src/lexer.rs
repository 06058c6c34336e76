//! The lexer: source text to tokens (to be written).
