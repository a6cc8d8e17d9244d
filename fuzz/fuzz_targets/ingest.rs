//! Ingest must never panic, whatever the bytes: `cargo fuzz run ingest`.
#![no_main]

use ideas::ingest::{parse, Meta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Both a path that gives program/year/term and one that does not.
    let _ = parse(data, "programs/lfx-mentorship/2024/01-Mar-May/project_ideas.md", Meta::default());
    let _ = parse(data, "notes.md", Meta::default());
});
