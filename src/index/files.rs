//! How a search process reads a generation's files: a read-only tantivy
//! [`Directory`] that never maps them into memory.
//!
//! tantivy's `MmapDirectory` maps each file: a file cut short under a
//! running process then kills it with SIGBUS at the next page it touches,
//! and bytes garbled behind an intact footer reach tantivy's decoders, which
//! panic or answer wrong. Here a file is either copied into memory at open,
//! its CRC32 (the one in tantivy's footer) checked on the copy, or read with
//! `pread(2)` as a query needs it, so that a file cut short after the open
//! is an I/O error naming it. [`Load`] says which; [`Load::Auto`], what
//! searches use, copies a generation of up to [`WHOLE_BYTES`] whole.
//! `benches/open.rs` measures each against `MmapDirectory`.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::footer::Footer;
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, OwnedBytes, WatchCallback, WatchHandle,
    WritePtr,
};
use tantivy::HasLen;

/// How [`Files`] loads a generation's files at open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// Every file copied into memory and its checksum checked: damage done
    /// before the open fails it, damage done after has no effect.
    Whole,
    /// The files tantivy reads whole at open (`.term`, `.fast`,
    /// `.fieldnorm`, `.del`) copied and checked; postings, positions and
    /// stored documents read with `pread(2)` as queries need them, not
    /// checked (`ideas index --check` does).
    Lazy,
    /// As `Lazy`, every `pread` file also read through once at open to check it.
    LazyChecked,
    /// `Whole` for a generation of at most [`WHOLE_BYTES`], else `Lazy`.
    Auto,
}

/// The largest generation [`Load::Auto`] copies whole, in bytes. Copying
/// and checking cost 1.3 ms per MB over mmap's open (benches/open.rs, 100k
/// ideas: 165 ms against 8), so at most ~20 ms per open and 16 MiB of
/// memory; the whole-history index is 2 MB. Above, `Lazy` costs 0.06 ms
/// per MB (15 ms against 8 at 100k ideas).
pub const WHOLE_BYTES: u64 = 16 << 20;

/// Extensions of the files tantivy reads whole when a segment opens.
const COPIED: [&str; 4] = ["term", "fast", "fieldnorm", "del"];

/// Bytes read at a time when a `pread` file is checked at open.
const CHECK_CHUNK: usize = 1 << 20;

/// A generation directory opened for reading only (see the module doc).
#[derive(Debug, Clone)]
pub struct Files {
    dir: PathBuf,
    /// Never `Auto`: resolved by [`Files::new`].
    load: Load,
}

impl Files {
    /// The generation at `dir`, its files loaded as `load` says.
    pub fn new(dir: &Path, load: Load) -> Files {
        let load = match load {
            Load::Auto if bytes_in(dir) <= WHOLE_BYTES => Load::Whole,
            Load::Auto => Load::Lazy,
            l => l,
        };
        Files {
            dir: dir.to_path_buf(),
            load,
        }
    }
}

/// Bytes of the files directly in `dir` (0 for what cannot be read).
fn bytes_in(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// `io_error` about `path`, as tantivy carries it.
fn read_error(path: &Path, io_error: io::Error) -> OpenReadError {
    OpenReadError::wrap_io_error(io_error, path.to_path_buf())
}

fn read_only(path: &Path) -> Arc<io::Error> {
    Arc::new(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{} is opened for reading only", path.display()),
    ))
}

/// Bytes at the end of every tantivy file before its footer's JSON: the
/// footer's length and magic number, two `u32`s (tantivy `directory/footer.rs`).
const FOOTER_TAIL: usize = 8;

/// The CRC32 of a file's body doesn't match its footer's.
fn crc_mismatch(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "{} is damaged (its checksum does not match its contents)",
            path.display()
        ),
    )
}

/// Checks the CRC32 of `file`'s body (all but the footer) against the one
/// its footer records.
fn check_crc(path: &Path, file: FileSlice) -> io::Result<()> {
    // tantivy 0.27's extract_footer checks for 4 bytes but reads the last
    // 8 (footer length, magic number): shorter files underflow inside it.
    if file.len() < FOOTER_TAIL {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} was cut short ({} bytes, less than a footer)",
                path.display(),
                file.len()
            ),
        ));
    }
    let (footer, body) = Footer::extract_footer(file)?;
    let mut hasher = crc32fast::Hasher::new();
    let len = body.len();
    let mut at = 0;
    while at < len {
        let end = (at + CHECK_CHUNK).min(len);
        hasher.update(body.read_bytes_slice(at..end)?.as_slice());
        at = end;
    }
    match hasher.finalize() == footer.crc {
        true => Ok(()),
        false => Err(crc_mismatch(path)),
    }
}

/// A file read with `pread(2)` as asked, its length the one at open.
#[derive(Debug)]
struct Pread {
    file: File,
    len: usize,
    path: PathBuf,
}

impl HasLen for Pread {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for Pread {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut buf = vec![0; range.len()];
        self.file
            .read_exact_at(&mut buf, range.start as u64)
            .map_err(|e| match e.kind() {
                io::ErrorKind::UnexpectedEof => io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "{} was cut short after it was opened ({} bytes then)",
                        self.path.display(),
                        self.len
                    ),
                ),
                _ => io::Error::new(e.kind(), format!("reading {}: {e}", self.path.display())),
            })?;
        Ok(OwnedBytes::new(buf))
    }
}

impl Directory for Files {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.dir.join(path);
        let file = File::open(&full).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
            _ => read_error(&full, e),
        })?;
        let copied = self.load == Load::Whole
            || path
                .extension()
                .is_some_and(|x| COPIED.iter().any(|c| x == *c));
        if copied {
            let mut bytes = vec![];
            io::Read::read_to_end(&mut &file, &mut bytes).map_err(|e| read_error(&full, e))?;
            let bytes = OwnedBytes::new(bytes);
            check_crc(&full, FileSlice::new(Arc::new(bytes.clone())))
                .map_err(|e| read_error(&full, e))?;
            return Ok(Arc::new(bytes));
        }
        let len = file.metadata().map_err(|e| read_error(&full, e))?.len();
        let handle = Arc::new(Pread {
            file,
            len: len as usize,
            path: full.clone(),
        });
        if self.load == Load::LazyChecked {
            check_crc(&full, FileSlice::new(handle.clone())).map_err(|e| read_error(&full, e))?;
        }
        Ok(handle)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: read_only(&self.dir),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.dir.join(path).exists())
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: read_only(&self.dir),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let full = self.dir.join(path);
        std::fs::read(&full).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
            _ => read_error(&full, e),
        })
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is opened for reading only", self.dir.display()),
        ))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// No lock file: a generation is never written once it is complete
    /// (tantivy takes this lock to keep its own garbage collection off the
    /// files a reader opens, and only a build collects, in its own
    /// generation).
    fn acquire_lock(
        &self,
        _lock: &Lock,
    ) -> Result<DirectoryLock, tantivy::directory::error::LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    /// Never called back: a search process reloads by opening `CURRENT` again.
    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
