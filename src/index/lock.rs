//! One writer per index directory: an advisory lock on `DIR/LOCK`.
//!
//! The lock is the kernel's (`flock(2)` through `std::fs::File::try_lock`),
//! so it ends with the process that holds it, however that process ends: a
//! `LOCK` file left by a killed build is free for the next one. The file's
//! text only says who holds it, for the message a second writer gets.

use crate::error::{Busy, Context, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Seek, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// The lock file's name in an index directory.
pub const LOCK: &str = "LOCK";

/// Held while a build writes a generation; released when dropped (or when
/// the process dies).
#[derive(Debug)]
pub struct WriteLock {
    file: File,
}

impl Drop for WriteLock {
    /// Clears the holder's line before the lock goes (closing the file
    /// releases it), so a later `Busy` never names a finished process.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

impl WriteLock {
    /// Locks `root/LOCK` (creating it). With `wait`, blocks until the holder
    /// lets go; without, fails at once with [`Busy`] naming the holder.
    ///
    /// Errors: [`Busy`], or `root` cannot be written.
    pub fn acquire(root: &Path, wait: bool) -> Result<WriteLock> {
        let path = root.join(LOCK);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("opening the lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => file
                .lock()
                .with_context(|| format!("waiting for {}", path.display()))?,
            Err(TryLockError::WouldBlock) => {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                return Err(Busy {
                    dir: root.to_path_buf(),
                    holder: describe(&text),
                }
                .into());
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("locking {}", path.display()))
            }
        }
        // Ours now: say who we are (best effort, the lock is what counts).
        // Arguments need not be UTF-8 (paths): shown lossily.
        let args: Vec<String> = std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let line = format!("{} {} {}\n", std::process::id(), unix_now(), args.join(" "));
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| file.write_all(line.as_bytes()));
        Ok(WriteLock { file })
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `"PID SECS ARGS"` as `process PID (ARGS), for N s`.
fn describe(text: &str) -> String {
    let mut parts = text.trim().splitn(3, ' ');
    let (Some(pid), Some(since)) = (parts.next(), parts.next()) else {
        return "another process".into();
    };
    let args = parts.next().unwrap_or("").trim();
    let age = since
        .parse::<u64>()
        .map(|s| format!(", for {} s", unix_now().saturating_sub(s)))
        .unwrap_or_default();
    match args.is_empty() {
        true => format!("process {pid}{age}"),
        false => format!("process {pid} ({args}){age}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_busy_and_names_the_holder_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriteLock::acquire(dir.path(), false).unwrap();
        let err = WriteLock::acquire(dir.path(), false).unwrap_err();
        let crate::error::Error::Busy(busy) = err else {
            panic!("not Busy: {err}")
        };
        assert!(
            busy.holder
                .starts_with(&format!("process {} (", std::process::id())),
            "{}",
            busy.holder
        );
        drop(first);
        WriteLock::acquire(dir.path(), false).unwrap();
    }

    #[test]
    fn describe_reads_what_acquire_writes_and_survives_garbage() {
        assert_eq!(describe(""), "another process");
        assert_eq!(describe("12"), "another process");
        assert!(describe("12 0 ideas index x").starts_with("process 12 (ideas index x), for "));
        assert_eq!(describe("12 zz"), "process 12");
    }
}
