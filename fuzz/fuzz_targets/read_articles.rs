//! The article reader on arbitrary bytes: articles or errors naming the input, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| readout::selfcheck::read_articles(data));
