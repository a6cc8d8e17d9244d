//! The `ideas` binary: parse flags, run one command, map its result to an exit code.

use clap::Parser;
use ideas::{cli::Cli, commands, error, output};
use std::process::ExitCode;

// glibc's malloc kept freed indexing arenas (its mmap threshold grows with
// each large free), so a 1M-idea build held twice the writer's budget.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = commands::run(cli);
    if let Err(e) = &result {
        if !error::is_broken_pipe(e) {
            // File names and query text are in errors: no escapes from them.
            eprintln!("ideas: {}", output::escape::text(&format!("{e:#}")));
        }
    }
    error::exit_code(&result)
}
