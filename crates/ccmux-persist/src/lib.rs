//! ccmux-persist: the storage layer that makes sessions survive crashes.
//!
//! - [`wal`]: segmented write-ahead log (CRC-32C per record, group commit).
//! - [`checkpoint`]: atomic, checksummed snapshots with keep-3 retention.
//! - [`envelope`]: versioned postcard payloads (freeze old versions, migrate on read).
//! - [`StateDir`]: the locked state directory holding all of the above.
//! - [`fs`]: the filesystem seam every file operation goes through (real files, fault injection,
//!   and a simulation of power loss for tests).
//!
//! Payloads are opaque here; on-disk formats are described in `FORMAT.md`.

pub mod checkpoint;
pub mod envelope;
mod error;
pub mod fs;
mod fsutil;
pub mod last;
mod state_dir;
pub mod store;
pub mod wal;

pub use error::{EnvelopeError, Error, Result};
pub use state_dir::StateDir;

/// Log sequence number: the first record is 1, then +1 per record.
/// 0 means "nothing" (e.g. a checkpoint covering no record).
pub type Lsn = u64;
