//! Precompiled-file bytes: read, verified, then imported into a real VM.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = pyrite_fuzz::check(data);
});

/// AddressSanitizer's defaults for this target: no fake stacks. The
/// collector scans the native stack conservatively for roots, which only
/// works when locals live on the real stack (with fake stacks the scan misses
/// them and the stack-depth limit misreads).
#[no_mangle]
pub extern "C" fn __asan_default_options() -> *const core::ffi::c_char {
    c"detect_stack_use_after_return=0".as_ptr()
}
