//! Outcomes and exit codes, as grep: 0 found, 1 nothing found, 2 error.

use std::process::ExitCode;

/// How a command that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found or done: exit 0.
    Found,
    /// The command ran but matched nothing: exit 1.
    NothingFound,
}

impl Outcome {
    /// `Found` if `any`, else `NothingFound`.
    pub fn found_if(any: bool) -> Outcome {
        if any {
            Outcome::Found
        } else {
            Outcome::NothingFound
        }
    }
}

/// Exit code of a command's result. A closed stdout (`ideas search x | head`)
/// is not an error: it exits 0 quietly, as ripgrep does.
pub fn exit_code(result: &anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Found) => ExitCode::from(0),
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(e) if is_broken_pipe(e) => ExitCode::from(0),
        Err(_) => ExitCode::from(2),
    }
}

/// True when the error chain holds an `io::Error` of kind `BrokenPipe`.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
