//! The checkpoint payload: the model plus, per pane, how much of its output the checkpoint covers and
//! where its scrollback was saved.
//!
//! [`Snapshot`] is the in-memory form, in the live model's types; on disk it is a frozen version
//! (`SnapshotV1` of [`super::v1`] types, `SnapshotV2` of [`super::v2`] types), migrated to the live
//! types on reading.

use super::{v1, v2};
use crate::envelope::{self, Envelope};
use crate::{EnvelopeError, Result};
use ccmux_model::{Model, PaneId};
use serde::{Deserialize, Serialize};

pub const KIND_SNAPSHOT: u16 = 2;
pub const SNAPSHOT_VERSION: u16 = 2;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub model: Model,
    pub panes: Vec<PaneSnapshot>,
}

impl Snapshot {
    /// No session, no pane, every option at its default: nothing to restore (what `Store::wipe`
    /// writes first).
    pub fn is_empty(&self) -> bool {
        // Cheap tests first: a server's snapshot has installed the key bindings.
        self.panes.is_empty()
            && !self.model.keys_initialized
            && self.model.sessions.is_empty()
            && self.model == Model::default()
    }
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

/// Snapshot version 2, frozen (the per-pane part is unchanged from v1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotV2 {
    pub model: v2::Model,
    pub panes: Vec<PaneSnapshotV1>,
}

fn panes_in(panes: Vec<PaneSnapshotV1>) -> Vec<PaneSnapshot> {
    panes
        .into_iter()
        .map(|p| PaneSnapshot {
            pane: p.pane.into(),
            output_offset: p.output_offset,
            scrollback: p.scrollback,
        })
        .collect()
}

impl TryFrom<SnapshotV1> for Snapshot {
    type Error = v2::convert::Invalid;

    fn try_from(s: SnapshotV1) -> Result<Self, Self::Error> {
        Ok(Snapshot {
            model: s.model.try_into()?,
            panes: panes_in(s.panes),
        })
    }
}

impl TryFrom<SnapshotV2> for Snapshot {
    type Error = v2::convert::Invalid;

    fn try_from(s: SnapshotV2) -> Result<Self, Self::Error> {
        Ok(Snapshot {
            model: s.model.try_into()?,
            panes: panes_in(s.panes),
        })
    }
}

pub fn encode(s: &Snapshot) -> Result<Vec<u8>> {
    let frozen = SnapshotV2 {
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
    let invalid = |e: v2::convert::Invalid| EnvelopeError::Invalid(e.0).into();
    match env.version {
        1 => env.decode::<SnapshotV1>()?.try_into().map_err(invalid),
        2 => env.decode::<SnapshotV2>()?.try_into().map_err(invalid),
        _ => Err(env.unknown_version(SNAPSHOT_VERSION)),
    }
}
