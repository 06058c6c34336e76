//! Console bytes: the friendly and raw REPL (with raw-paste) in a real VM,
//! then a recovery sequence that must bring back a prompt running `print(1)`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = pyrite_fuzz::repl::check_repl(data);
});

/// As the `pyrc` target: no fake stacks (the collector scans the real one).
#[no_mangle]
pub extern "C" fn __asan_default_options() -> *const core::ffi::c_char {
    c"detect_stack_use_after_return=0".as_ptr()
}
