//! The `ideas` binary: parse flags, run one command, map its result to an exit code.

mod cli;

use clap::Parser;
use cli::{args::Cli, commands, exit, output};
use std::process::ExitCode;

// glibc's malloc kept freed indexing arenas (its mmap threshold grows with
// each large free), so a 1M-idea build held twice the writer's budget.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // An empty IDEAS_INDEX is unset, as shells treat an empty variable
    // (clap would take it as `--index ''`). Before any thread exists.
    if std::env::var_os("IDEAS_INDEX").is_some_and(|v| v.is_empty()) {
        std::env::remove_var("IDEAS_INDEX");
    }
    // `IDEAS_COMPLETE=SHELL ideas -- WORDS...`: a shell asking for completions
    // (the script `ideas completions SHELL` prints); answered, then exit.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(cli::complete::VAR)
        .complete();
    let cli = Cli::parse();
    let result = commands::run(cli);
    if let Err(e) = &result {
        if !exit::is_broken_pipe(e) {
            // File names and query text are in errors: no escapes from them.
            eprintln!("ideas: {}", output::escape::text(&format!("{e:#}")));
        }
    }
    exit::exit_code(&result)
}
