//! Ingest: any bytes, read as an idea list under an upstream path (see
//! `tests/fuzz_checks.rs`), give records or an error, never a panic.
#![no_main]

include!("../../tests/common/fuzz_checks.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| check_ingest(data));
