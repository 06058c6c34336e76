//! The library's parsers (json, struct, int/float/complex, % and format
//! specs) on arbitrary input, in a real VM (`src/parsers.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = pyrite_fuzz::parsers::check_parsers(data);
});

/// As the `pyrc` target: no fake stacks (the collector scans the real one).
#[no_mangle]
pub extern "C" fn __asan_default_options() -> *const core::ffi::c_char {
    c"detect_stack_use_after_return=0".as_ptr()
}
