//! The checkpoint payload: the model plus, per pane, how much of its output the checkpoint covers and
//! where its scrollback was saved.

use crate::envelope::{self, Envelope};
use crate::Result;
use ccmux_model::{Model, PaneId};
use serde::{Deserialize, Serialize};

pub const KIND_SNAPSHOT: u16 = 2;
pub const SNAPSHOT_VERSION: u16 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub model: Model,
    pub panes: Vec<PaneSnapshot>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaneSnapshot {
    pub pane: PaneId,
    /// Output bytes `0..output_offset` are reflected in the saved scrollback.
    pub output_offset: u64,
    /// File name under `scrollback/`, when scrollback persistence is on.
    pub scrollback: Option<String>,
}

pub fn encode(s: &Snapshot) -> Result<Vec<u8>> {
    envelope::encode(KIND_SNAPSHOT, SNAPSHOT_VERSION, s)
}

pub fn decode(bytes: &[u8]) -> Result<Snapshot> {
    let env = Envelope::parse(bytes)?.expect_kind(KIND_SNAPSHOT)?;
    match env.version {
        1 => env.decode(),
        _ => Err(env.unknown_version(SNAPSHOT_VERSION)),
    }
}
