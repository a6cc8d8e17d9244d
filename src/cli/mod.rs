//! The binary's own modules, above the engine (`ideas`, the library): flags,
//! one function per command, output formats, shell completion and exit codes.

pub mod args;
pub mod commands;
pub mod complete;
pub mod exit;
pub mod output;
