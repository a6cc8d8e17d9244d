//! Query parsing and search: any text against the embedded corpus (indexed
//! in memory once) gives hits or an error, never a panic.
#![no_main]

include!("../../tests/common/fuzz_checks.rs");

use std::sync::OnceLock;

fn ix() -> &'static ideas::index::IdeaIndex {
    static IX: OnceLock<ideas::index::IdeaIndex> = OnceLock::new();
    IX.get_or_init(|| ideas::store::embedded_in_memory().expect("indexing the embedded corpus"))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| check_query(ix(), data));
