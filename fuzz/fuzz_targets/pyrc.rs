//! Precompiled-file bytes: read, verified, then imported into a real VM.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = pyrite_fuzz::check(data);
});
