//! The engine's error: one [`Error`] for every fallible call of the library,
//! split as tantivy's `TantivyError` and milli's `Error{User, Internal}` are,
//! so a caller picks its answer (exit 2 and a message, HTTP 400 or 500) with
//! a `match` rather than by digging through a chain of causes.
//!
//! The leaf types ([`QueryError`], [`UnknownId`], [`UnknownProject`],
//! [`UnknownValue`], [`Damaged`], [`Busy`]) live here, below every stage, so
//! that each stage can return them without naming another.

use std::path::PathBuf;

/// The library's result: `Ok(T)` or an [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A cause of any type, kept as the `source` of an [`Error::Input`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What went wrong. `{}` is the one-line message; `{:#}` adds every cause
/// beneath it, joined by `: `, as anyhow's `{:#}` does (`reading
/// /x/CURRENT: Permission denied (os error 13)`); `source()` walks the same
/// causes, so an `anyhow::Error` made from it prints the same.
#[derive(Debug)]
pub enum Error {
    /// The query text cannot be run: syntax, unknown field, over a limit.
    Query(QueryError),
    /// A name the caller gave is not in the index: an id, a project, a filter value.
    NotFound(NotFound),
    /// The index on disk cannot be read as it is; a rebuild is the way out.
    Damaged(Damaged),
    /// Another process is writing the index.
    Busy(Busy),
    /// Input the caller gave cannot be used: a file, a flag's value, a judged
    /// set. `message` names the file (and line) or the flag.
    Input {
        message: String,
        source: Option<BoxError>,
    },
    /// A record or manifest that does not (de)serialize as JSON.
    Json(serde_json::Error),
    /// tantivy failed (I/O under the index, a segment it could not read).
    Tantivy(tantivy::TantivyError),
    /// A system call failed; `context` says on what (`reading PATH`).
    Io {
        context: String,
        source: std::io::Error,
    },
    /// `source`, with what was being done when it happened.
    Context { context: String, source: Box<Error> },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The wrapped leaf types speak for themselves (their causes are ours).
        match self {
            Error::Query(e) => write!(f, "{e}")?,
            Error::NotFound(e) => write!(f, "{e}")?,
            Error::Damaged(e) => write!(f, "{e}")?,
            Error::Busy(e) => write!(f, "{e}")?,
            Error::Json(e) => write!(f, "{e}")?,
            Error::Tantivy(e) => write!(f, "{e}")?,
            Error::Input { message, .. } => f.write_str(message)?,
            Error::Io { context, .. } | Error::Context { context, .. } => f.write_str(context)?,
        }
        if f.alternate() {
            let mut cause = std::error::Error::source(self);
            while let Some(c) = cause {
                write!(f, ": {c}")?;
                cause = c.source();
            }
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Query(e) => e.source(),
            Error::NotFound(e) => e.source(),
            Error::Damaged(e) => e.source(),
            Error::Busy(e) => e.source(),
            Error::Json(e) => e.source(),
            Error::Tantivy(e) => e.source(),
            Error::Input { source, .. } => source.as_deref().map(|s| s as _),
            Error::Io { source, .. } => Some(source),
            Error::Context { source, .. } => Some(source.as_ref()),
        }
    }
}

macro_rules! from_leaf {
    ($($leaf:ty => $variant:ident),* $(,)?) => {
        $(impl From<$leaf> for Error {
            fn from(e: $leaf) -> Error {
                Error::$variant(e)
            }
        })*
    };
}

from_leaf!(
    QueryError => Query,
    NotFound => NotFound,
    Damaged => Damaged,
    Busy => Busy,
    serde_json::Error => Json,
    tantivy::TantivyError => Tantivy,
);

impl Error {
    /// An [`Error::Input`] with no cause beneath it.
    pub fn input(message: impl Into<String>) -> Error {
        Error::Input {
            message: message.into(),
            source: None,
        }
    }

    /// The error beneath every [`Error::Context`] layer.
    pub fn root(&self) -> &Error {
        match self {
            Error::Context { source, .. } => source.root(),
            e => e,
        }
    }

    /// True when the caller can fix it by asking otherwise (query text, a
    /// name, a flag, a file it gave, waiting for a writer); false when the
    /// index or the machine failed.
    pub fn is_user(&self) -> bool {
        match self.root() {
            Error::Query(_) | Error::NotFound(_) | Error::Busy(_) | Error::Input { .. } => true,
            Error::Damaged(_)
            | Error::Json(_)
            | Error::Tantivy(_)
            | Error::Io { .. }
            | Error::Context { .. } => false,
        }
    }
}

/// Adds what was being done to an error, as `anyhow::Context` does, for the
/// error types the library meets.
pub trait Context<T> {
    /// The error, wrapped with `context`.
    fn context(self, context: impl Into<String>) -> Result<T>;
    /// The error, wrapped with `f()` (called only on error).
    fn with_context<S: Into<String>>(self, f: impl FnOnce() -> S) -> Result<T>;
}

impl<T> Context<T> for Result<T> {
    fn context(self, context: impl Into<String>) -> Result<T> {
        self.map_err(|e| Error::Context {
            context: context.into(),
            source: Box::new(e),
        })
    }
    fn with_context<S: Into<String>>(self, f: impl FnOnce() -> S) -> Result<T> {
        self.map_err(|e| Error::Context {
            context: f().into(),
            source: Box::new(e),
        })
    }
}

impl<T> Context<T> for std::result::Result<T, std::io::Error> {
    fn context(self, context: impl Into<String>) -> Result<T> {
        self.map_err(|source| Error::Io {
            context: context.into(),
            source,
        })
    }
    fn with_context<S: Into<String>>(self, f: impl FnOnce() -> S) -> Result<T> {
        self.map_err(|source| Error::Io {
            context: f().into(),
            source,
        })
    }
}

impl<T> Context<T> for std::result::Result<T, tantivy::TantivyError> {
    fn context(self, context: impl Into<String>) -> Result<T> {
        self.map_err(Error::from).context(context)
    }
    fn with_context<S: Into<String>>(self, f: impl FnOnce() -> S) -> Result<T> {
        self.map_err(Error::from).with_context(f)
    }
}

/// A JSON file that does not parse is input: the context names the file.
impl<T> Context<T> for std::result::Result<T, serde_json::Error> {
    fn context(self, context: impl Into<String>) -> Result<T> {
        self.map_err(|e| Error::Input {
            message: context.into(),
            source: Some(Box::new(e)),
        })
    }
    fn with_context<S: Into<String>>(self, f: impl FnOnce() -> S) -> Result<T> {
        self.map_err(|e| Error::Input {
            message: f().into(),
            source: Some(Box::new(e)),
        })
    }
}

/// A query that could not be parsed, with a 1-based column into the query text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("query syntax error at column {column}: {message}")]
    Syntax { column: usize, message: String },
    #[error("unknown field '{field}' at column {column} (fields: {known})")]
    UnknownField {
        field: String,
        column: usize,
        known: String,
    },
    /// The text goes over one of the limits of `query::limits` (length,
    /// nesting, groups, terms).
    #[error("query over a limit at column {column}: {what}, the limit is {limit}")]
    Limit {
        column: usize,
        what: String,
        limit: usize,
    },
    /// Every clause excludes (`-word`, `NOT word`): nothing to search for.
    #[error("query error: only excluded terms (-word, NOT word): nothing to search for")]
    OnlyExcluded,
    #[error("query error: {0}")]
    Other(String),
}

/// A name that is not in the index.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotFound {
    #[error(transparent)]
    Id(#[from] UnknownId),
    #[error(transparent)]
    Project(#[from] UnknownProject),
    #[error(transparent)]
    Value(#[from] UnknownValue),
}

/// An id no idea has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no idea with id '{given}' (every search hit shows its id){}", did_you_mean(.suggestions))]
pub struct UnknownId {
    pub given: String,
    /// The nearest ids, best first (at most 3).
    pub suggestions: Vec<String>,
}

/// A filter value that names no project.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown project {}: no idea in the index has it{}", crate::ingest::limits::shown(.given), did_you_mean(.suggestions))]
pub struct UnknownProject {
    pub given: String,
    /// The nearest known names, best first (at most 3).
    pub suggestions: Vec<String>,
}

/// A filter value no idea of the index has (a year, a term of the program
/// asked for, a skill, a program or a status): what `ideas search` and
/// `ideas facets` answer with exit 2 rather than an empty list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no {filter} {}{hint}", value_shown(.filter, .given))]
pub struct UnknownValue {
    /// The filter's name: `year`, `term`, `skill`, `program` or `status`.
    pub filter: &'static str,
    /// The value as given (`2030`, `2030..2040`, `rsut`).
    pub given: String,
    /// The existing values, `"; years are 2017-2026"` or `"; did you mean Rust?"`.
    pub hint: String,
}

pub(crate) fn did_you_mean(names: &[String]) -> String {
    match names {
        [] => String::new(),
        _ => format!("; did you mean {}?", names.join(", ")),
    }
}

/// A year or term as it is, a name (a skill) quoted.
fn value_shown(filter: &str, given: &str) -> String {
    match filter {
        "year" | "term" => given.to_string(),
        _ => crate::ingest::limits::shown(given),
    }
}

/// An index directory that cannot be searched as it is: a missing or
/// damaged file, or another format. The way out is a rebuild.
#[derive(Debug, thiserror::Error)]
#[error("the index {} cannot be read: {reason}; rebuild it with `ideas index --rebuild --index {}`", root.display(), root.display())]
pub struct Damaged {
    pub root: PathBuf,
    pub reason: String,
}

/// The index directory is locked by another process (and `wait` was not asked).
#[derive(Debug, thiserror::Error)]
#[error("the index {} is being written by {holder}; pass --wait to wait for it", dir.display())]
pub struct Busy {
    pub dir: PathBuf,
    /// What `LOCK` says of its holder, e.g. `process 1234 (ideas index data), since 12 s`.
    pub holder: String,
}

impl From<UnknownId> for Error {
    fn from(e: UnknownId) -> Error {
        Error::NotFound(e.into())
    }
}

impl From<UnknownProject> for Error {
    fn from(e: UnknownProject) -> Error {
        Error::NotFound(e.into())
    }
}

impl From<UnknownValue> for Error {
    fn from(e: UnknownValue) -> Error {
        Error::NotFound(e.into())
    }
}
