//! Outcomes and exit codes, as grep: 0 found, 1 nothing found, 2 error.
//! The binary's, not the library's: a command's error is an `anyhow::Error`
//! (the engine's typed errors with the file or flag they concern as context).

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_anywhere_in_the_chain_exits_0_and_other_errors_2() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let e = anyhow::Error::from(pipe).context("writing the hits");
        assert!(is_broken_pipe(&e));
        assert_eq!(exit_code(&Err(e)), ExitCode::from(0));
        let other = anyhow::anyhow!("no such index");
        assert!(!is_broken_pipe(&other));
        assert_eq!(exit_code(&Err(other)), ExitCode::from(2));
        assert_eq!(exit_code(&Ok(Outcome::Found)), ExitCode::from(0));
        assert_eq!(exit_code(&Ok(Outcome::NothingFound)), ExitCode::from(1));
    }
}
