//! Extraction and everything downstream of it that needs no disk, on arbitrary text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| readout::selfcheck::extract(data));
