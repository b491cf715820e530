//! Typed errors of the storage layer.

use std::io;
use std::path::PathBuf;

use crate::Lsn;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every error the storage layer can return. File *content* never causes a
/// panic: damaged files are either reported (torn tails, corrupt checkpoints)
/// or turned into one of these variants.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An operating-system call failed on `path`.
    #[error("{op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// A file was written by a newer ccmux. It is never modified, renamed or
    /// deleted by this build.
    #[error(
        "{} was written by a newer ccmux (format version {found}, this build reads up to {supported}); \
         refusing to read or modify it: upgrade ccmux or move the file away",
        path.display()
    )]
    FutureVersion {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    /// A file passed its checksum (or has none) but its content cannot be used.
    #[error("{}: {why}", path.display())]
    Damaged { path: PathBuf, why: String },

    /// Another process holds the state directory lock.
    #[error(
        "state directory {} is in use by another ccmux server{}; \
         stop it first or use a different state directory",
        path.display(),
        holder.map(|p| format!(" (pid {p})")).unwrap_or_default()
    )]
    Locked { path: PathBuf, holder: Option<u32> },

    /// An append larger than [`crate::wal::MAX_RECORD_SIZE`].
    #[error("WAL record of {size} bytes exceeds the maximum of {max} bytes")]
    RecordTooLarge { size: usize, max: usize },

    /// Empty payloads are not allowed (a zero length marks the end of a segment).
    #[error("empty WAL record (payloads must be at least one byte)")]
    EmptyRecord,

    /// The WAL writer hit a write or fsync failure; nothing after the last
    /// successful fsync is trusted until [`crate::wal::Wal::restart_segment`].
    #[error("WAL is degraded, record not durable: {0}")]
    Degraded(String),

    /// The WAL writer thread is gone (the WAL was closed or the thread died).
    #[error("WAL writer has shut down")]
    Closed,

    /// `restart_segment` was given a checkpoint LSN that does not cover every
    /// LSN already handed out.
    #[error("checkpoint at LSN {checkpoint} does not cover the last assigned LSN {last_assigned}")]
    CheckpointBehind { checkpoint: Lsn, last_assigned: Lsn },

    /// Invalid configuration.
    #[error("invalid WAL options: {0}")]
    InvalidOptions(String),

    /// A versioned payload could not be decoded.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
}

/// Errors of [`crate::envelope`].
#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    #[error("payload too short for an envelope header ({0} bytes)")]
    Truncated(usize),
    #[error("payload kind {found:#06x}, expected {expected:#06x}")]
    KindMismatch { expected: u16, found: u16 },
    #[error("payload kind {kind:#06x} has version {found}, expected {expected}")]
    VersionMismatch {
        kind: u16,
        expected: u16,
        found: u16,
    },
    /// Written by a newer ccmux: this build must not read, repair or drop it.
    #[error("payload kind {kind:#06x} has version {found}, this build reads up to {supported}")]
    FutureVersion {
        kind: u16,
        found: u16,
        supported: u16,
    },
    /// Decoded, but the value does not make sense to this build (a layout whose panes disagree, a
    /// colour it cannot parse).
    #[error("invalid stored value: {0}")]
    Invalid(String),
    #[error("{0} trailing bytes after the encoded value")]
    TrailingBytes(usize),
    #[error("encoding failed: {0}")]
    Encode(#[source] postcard::Error),
    #[error("decoding failed: {0}")]
    Decode(#[source] postcard::Error),
}

impl Error {
    /// A payload of `path` turned out to be a newer version: the whole file is refused, naming it.
    /// Other errors pass through unchanged.
    pub fn in_file(self, path: &std::path::Path) -> Error {
        match self {
            Error::Envelope(EnvelopeError::FutureVersion {
                found, supported, ..
            }) => Error::FutureVersion {
                path: path.to_path_buf(),
                found: found.into(),
                supported: supported.into(),
            },
            other => other,
        }
    }

    /// Whether this is a newer-version refusal (the caller must stop, not skip).
    pub fn is_future_version(&self) -> bool {
        matches!(
            self,
            Error::FutureVersion { .. } | Error::Envelope(EnvelopeError::FutureVersion { .. })
        )
    }

    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            op,
            path: path.into(),
            source,
        }
    }

    /// The underlying `io::ErrorKind` when this is an IO error.
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        match self {
            Error::Io { source, .. } => Some(source.kind()),
            _ => None,
        }
    }
}

/// Small extension to attach an operation and a path to an `io::Result`.
pub(crate) trait IoContext<T> {
    fn ctx(self, op: &'static str, path: &std::path::Path) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn ctx(self, op: &'static str, path: &std::path::Path) -> Result<T> {
        self.map_err(|e| Error::io(op, path, e))
    }
}
