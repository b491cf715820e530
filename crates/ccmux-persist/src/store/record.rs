//! WAL record payloads: one command's structural changes, or a batch of a pane's output.

use crate::envelope::{self, Envelope};
use crate::Result;
use ccmux_model::{Change, PaneId};
use serde::{Deserialize, Serialize};

/// Envelope kind of a WAL record.
pub const KIND_RECORD: u16 = 1;
/// The record version written now. Old versions stay decodable (freeze, then migrate on read).
pub const RECORD_VERSION: u16 = 1;

/// A WAL record, version 1. `Change` only ever gains variants at its end, which keeps these bytes
/// decodable; any other change to a stored type needs a `RecordV2`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    /// The changes of one command, applied together (never half).
    Changes(Vec<Change>),
    /// Bytes `offset..offset + data.len()` of everything the pane's PTY produced. With `fresh`, the
    /// output before `offset` no longer matters (a flood pushed it out of the scrollback) and was not
    /// logged: recovery starts the pane's content afresh here.
    Output {
        pane: PaneId,
        offset: u64,
        fresh: bool,
        #[serde(with = "serde_bytes")]
        data: Vec<u8>,
    },
}

pub fn encode(record: &Record) -> Result<Vec<u8>> {
    envelope::encode(KIND_RECORD, RECORD_VERSION, record)
}

pub fn decode(bytes: &[u8]) -> Result<Record> {
    let env = Envelope::parse(bytes)?.expect_kind(KIND_RECORD)?;
    match env.version {
        1 => env.decode(),
        _ => Err(env.unknown_version(RECORD_VERSION)),
    }
}
