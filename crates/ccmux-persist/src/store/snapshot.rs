//! The checkpoint payload: the model plus, per pane, how much of its output the checkpoint covers and
//! where its scrollback was saved.
//!
//! [`Snapshot`] is the in-memory form, in the live model's types; on disk it is a frozen version
//! (`SnapshotV1` of [`super::v1`] types), migrated to the live types on reading.

use super::v1;
use crate::envelope::{self, Envelope};
use crate::Result;
use ccmux_model::{Model, PaneId};
use serde::{Deserialize, Serialize};

pub const KIND_SNAPSHOT: u16 = 2;
pub const SNAPSHOT_VERSION: u16 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub model: Model,
    pub panes: Vec<PaneSnapshot>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaneSnapshot {
    pub pane: PaneId,
    /// Output bytes `0..output_offset` are reflected in the saved scrollback.
    pub output_offset: u64,
    /// File name under `scrollback/`, when scrollback persistence is on.
    pub scrollback: Option<String>,
}

/// Snapshot version 1, frozen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotV1 {
    pub model: v1::Model,
    pub panes: Vec<PaneSnapshotV1>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaneSnapshotV1 {
    pub pane: v1::PaneId,
    pub output_offset: u64,
    pub scrollback: Option<String>,
}

impl From<SnapshotV1> for Snapshot {
    fn from(s: SnapshotV1) -> Self {
        Snapshot {
            model: s.model.into(),
            panes: s
                .panes
                .into_iter()
                .map(|p| PaneSnapshot {
                    pane: p.pane.into(),
                    output_offset: p.output_offset,
                    scrollback: p.scrollback,
                })
                .collect(),
        }
    }
}

pub fn encode(s: &Snapshot) -> Result<Vec<u8>> {
    let frozen = SnapshotV1 {
        model: (&s.model).into(),
        panes: s
            .panes
            .iter()
            .map(|p| PaneSnapshotV1 {
                pane: p.pane.into(),
                output_offset: p.output_offset,
                scrollback: p.scrollback.clone(),
            })
            .collect(),
    };
    envelope::encode(KIND_SNAPSHOT, SNAPSHOT_VERSION, &frozen)
}

pub fn decode(bytes: &[u8]) -> Result<Snapshot> {
    let env = Envelope::parse(bytes)?.expect_kind(KIND_SNAPSHOT)?;
    match env.version {
        1 => env.decode::<SnapshotV1>().map(Into::into),
        _ => Err(env.unknown_version(SNAPSHOT_VERSION)),
    }
}
