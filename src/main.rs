//! The `ideas` binary: parse flags, run one command, map its result to an exit code.

use clap::Parser;
use ideas::{cli::Cli, commands, error};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = commands::run(cli);
    if let Err(e) = &result {
        if !error::is_broken_pipe(e) {
            eprintln!("ideas: {e:#}");
        }
    }
    error::exit_code(&result)
}
