//! The checkpoint payload: the model plus, per pane, how much of its output the checkpoint covers and
//! where its scrollback was saved.
//!
//! [`Snapshot`] is the in-memory form, in the live model's types; on disk it is a frozen version
//! (`SnapshotV1` of [`super::v1`] types, `SnapshotV2` of [`super::v2`], `SnapshotV3` of [`super::v3`] with the panes' terminal state,
//! `SnapshotV4` of [`super::v4`] with what runs in each pane), migrated to the live
//! types on reading.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::{v1, v2, v3, v4};
use crate::envelope::{self, Envelope};
use crate::{EnvelopeError, Result};
use ccmux_model::{Model, PaneId};
use serde::{Deserialize, Serialize};

pub const KIND_SNAPSHOT: u16 = 2;
pub const SNAPSHOT_VERSION: u16 = 4;

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
    /// The pane's terminal state (modes, cursor, screen, alternate screen) as of `output_offset`,
    /// encoded by `ccmux-term`; `None` in snapshots older than v3 or when it was not captured.
    pub term: Option<Vec<u8>>,
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

/// Snapshot version 3, frozen: v3 model, and each pane's terminal state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotV3 {
    pub model: v3::Model,
    pub panes: Vec<PaneSnapshotV3>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaneSnapshotV3 {
    pub pane: v3::PaneId,
    pub output_offset: u64,
    pub scrollback: Option<String>,
    #[serde(with = "serde_bytes")]
    pub term: Option<Vec<u8>>,
}

/// Snapshot version 4, frozen: the v4 model (what runs in each pane); the per-pane part is v3's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotV4 {
    pub model: v4::Model,
    pub panes: Vec<PaneSnapshotV3>,
}

fn panes_in(panes: Vec<PaneSnapshotV1>) -> Vec<PaneSnapshot> {
    panes
        .into_iter()
        .map(|p| PaneSnapshot {
            pane: p.pane.into(),
            output_offset: p.output_offset,
            scrollback: p.scrollback,
            term: None,
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

fn panes_in_v3(panes: Vec<PaneSnapshotV3>) -> Vec<PaneSnapshot> {
    panes
        .into_iter()
        .map(|p| PaneSnapshot {
            pane: p.pane.into(),
            output_offset: p.output_offset,
            scrollback: p.scrollback,
            term: p.term,
        })
        .collect()
}

impl TryFrom<SnapshotV3> for Snapshot {
    type Error = v2::convert::Invalid;

    fn try_from(s: SnapshotV3) -> Result<Self, Self::Error> {
        Ok(Snapshot {
            model: s.model.try_into()?,
            panes: panes_in_v3(s.panes),
        })
    }
}

impl TryFrom<SnapshotV4> for Snapshot {
    type Error = v2::convert::Invalid;

    fn try_from(s: SnapshotV4) -> Result<Self, Self::Error> {
        Ok(Snapshot {
            model: s.model.try_into()?,
            panes: panes_in_v3(s.panes),
        })
    }
}

pub fn encode(s: &Snapshot) -> Result<Vec<u8>> {
    let frozen = SnapshotV4 {
        model: (&s.model).into(),
        panes: s
            .panes
            .iter()
            .map(|p| PaneSnapshotV3 {
                pane: p.pane.into(),
                output_offset: p.output_offset,
                scrollback: p.scrollback.clone(),
                term: p.term.clone(),
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
        3 => env.decode::<SnapshotV3>()?.try_into().map_err(invalid),
        4 => env.decode::<SnapshotV4>()?.try_into().map_err(invalid),
        _ => Err(env.unknown_version(SNAPSHOT_VERSION)),
    }
}
