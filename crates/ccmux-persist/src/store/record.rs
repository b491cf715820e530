//! WAL record payloads: one command's structural changes, or a batch of a pane's output.
//!
//! [`Record`] is the in-memory form, in the live model's types. On disk a record is an envelope of a
//! frozen version (`RecordV1` of [`super::v1`] types, `RecordV2` of [`super::v2`], `RecordV3` of [`super::v3`], `RecordV4` of [`super::v4`]);
//! `encode`
//! writes the newest version, `decode` reads every version ever written and migrates it to the live
//! types.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::{v1, v2, v3, v4};
use crate::envelope::{self, Envelope};
use crate::{EnvelopeError, Result};
use ccmux_model::{Change, PaneId};
use serde::{Deserialize, Serialize};

/// Envelope kind of a WAL record.
pub const KIND_RECORD: u16 = 1;
/// The record version written now. Old versions stay decodable (freeze, then migrate on read).
pub const RECORD_VERSION: u16 = 4;

/// A WAL record in the live model's types.
#[derive(Clone, Debug, PartialEq, Eq)]
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
        data: Vec<u8>,
    },
}

/// Record version 1, frozen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordV1 {
    Changes(Vec<v1::Change>),
    Output {
        pane: v1::PaneId,
        offset: u64,
        fresh: bool,
        #[serde(with = "serde_bytes")]
        data: Vec<u8>,
    },
}

impl From<RecordV1> for Record {
    fn from(r: RecordV1) -> Self {
        match r {
            RecordV1::Changes(c) => Record::Changes(c.into_iter().map(Into::into).collect()),
            RecordV1::Output {
                pane,
                offset,
                fresh,
                data,
            } => Record::Output {
                pane: pane.into(),
                offset,
                fresh,
                data,
            },
        }
    }
}

/// Record version 2, frozen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordV2 {
    Changes(Vec<v2::Change>),
    Output {
        pane: v2::PaneId,
        offset: u64,
        fresh: bool,
        #[serde(with = "serde_bytes")]
        data: Vec<u8>,
    },
}

impl TryFrom<RecordV2> for Record {
    type Error = v2::convert::Invalid;

    fn try_from(r: RecordV2) -> Result<Self, Self::Error> {
        Ok(match r {
            RecordV2::Changes(c) => Record::Changes(
                c.into_iter()
                    .map(TryInto::try_into)
                    .collect::<Result<_, _>>()?,
            ),
            RecordV2::Output {
                pane,
                offset,
                fresh,
                data,
            } => Record::Output {
                pane: pane.into(),
                offset,
                fresh,
                data,
            },
        })
    }
}

/// Record version 3, frozen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordV3 {
    Changes(Vec<v3::Change>),
    Output {
        pane: v3::PaneId,
        offset: u64,
        fresh: bool,
        #[serde(with = "serde_bytes")]
        data: Vec<u8>,
    },
}

impl TryFrom<RecordV3> for Record {
    type Error = v2::convert::Invalid;

    fn try_from(r: RecordV3) -> Result<Self, Self::Error> {
        Ok(match r {
            RecordV3::Changes(c) => Record::Changes(
                c.into_iter()
                    .map(TryInto::try_into)
                    .collect::<Result<_, _>>()?,
            ),
            RecordV3::Output {
                pane,
                offset,
                fresh,
                data,
            } => Record::Output {
                pane: pane.into(),
                offset,
                fresh,
                data,
            },
        })
    }
}

/// Record version 4, frozen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordV4 {
    Changes(Vec<v4::Change>),
    Output {
        pane: v4::PaneId,
        offset: u64,
        fresh: bool,
        #[serde(with = "serde_bytes")]
        data: Vec<u8>,
    },
}

impl TryFrom<RecordV4> for Record {
    type Error = v2::convert::Invalid;

    fn try_from(r: RecordV4) -> Result<Self, Self::Error> {
        Ok(match r {
            RecordV4::Changes(c) => Record::Changes(
                c.into_iter()
                    .map(TryInto::try_into)
                    .collect::<Result<_, _>>()?,
            ),
            RecordV4::Output {
                pane,
                offset,
                fresh,
                data,
            } => Record::Output {
                pane: pane.into(),
                offset,
                fresh,
                data,
            },
        })
    }
}

/// Borrowing form of `RecordV4` for reading without copying output bytes (the same bytes: postcard
/// writes a byte slice and a byte vector alike).
#[derive(Deserialize)]
enum RecordV4Borrowed<'a> {
    Changes(Vec<v4::Change>),
    Output {
        pane: v4::PaneId,
        offset: u64,
        fresh: bool,
        #[serde(borrow, with = "serde_bytes")]
        data: &'a [u8],
    },
}

/// A record as [`decode_ref`] reads it: a version 4 record's output bytes are borrowed from the
/// payload, not copied; older versions' are decoded (and migrated) as by [`decode`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordRef<'a> {
    Changes(Vec<Change>),
    Output {
        pane: PaneId,
        offset: u64,
        fresh: bool,
        data: std::borrow::Cow<'a, [u8]>,
    },
}

/// Borrowing form of `RecordV4` for writing without copying output bytes.
#[derive(Serialize)]
enum RecordV4Ref<'a> {
    Changes(Vec<v4::Change>),
    Output {
        pane: v4::PaneId,
        offset: u64,
        fresh: bool,
        #[serde(with = "serde_bytes")]
        data: &'a [u8],
    },
}

pub fn encode(record: &Record) -> Result<Vec<u8>> {
    let frozen = match record {
        Record::Changes(changes) => RecordV4Ref::Changes(changes.iter().map(Into::into).collect()),
        Record::Output {
            pane,
            offset,
            fresh,
            data,
        } => RecordV4Ref::Output {
            pane: (*pane).into(),
            offset: *offset,
            fresh: *fresh,
            data,
        },
    };
    envelope::encode(KIND_RECORD, RECORD_VERSION, &frozen)
}

/// Encodes one command's changes as a record (without copying them into a [`Record`] first).
pub fn encode_changes(changes: &[Change]) -> Result<Vec<u8>> {
    let frozen: RecordV4Ref<'_> = RecordV4Ref::Changes(changes.iter().map(Into::into).collect());
    envelope::encode(KIND_RECORD, RECORD_VERSION, &frozen)
}

/// Encodes one pane-output record (the hot path: no copy of `data`).
pub fn encode_output(pane: PaneId, offset: u64, fresh: bool, data: &[u8]) -> Result<Vec<u8>> {
    let frozen = RecordV4Ref::Output {
        pane: pane.into(),
        offset,
        fresh,
        data,
    };
    envelope::encode(KIND_RECORD, RECORD_VERSION, &frozen)
}

pub fn decode(bytes: &[u8]) -> Result<Record> {
    let env = Envelope::parse(bytes)?.expect_kind(KIND_RECORD)?;
    match env.version {
        1 => env.decode::<RecordV1>().map(Into::into),
        2 => env
            .decode::<RecordV2>()?
            .try_into()
            .map_err(|e: v2::convert::Invalid| EnvelopeError::Invalid(e.0).into()),
        3 => env
            .decode::<RecordV3>()?
            .try_into()
            .map_err(|e: v2::convert::Invalid| EnvelopeError::Invalid(e.0).into()),
        4 => env
            .decode::<RecordV4>()?
            .try_into()
            .map_err(|e: v2::convert::Invalid| EnvelopeError::Invalid(e.0).into()),
        _ => Err(env.unknown_version(RECORD_VERSION)),
    }
}

/// [`decode`] without copying a version 4 record's output bytes out of `bytes`.
pub fn decode_ref(bytes: &[u8]) -> Result<RecordRef<'_>> {
    let env = Envelope::parse(bytes)?.expect_kind(KIND_RECORD)?;
    if env.version != 4 {
        return Ok(match decode(bytes)? {
            Record::Changes(c) => RecordRef::Changes(c),
            Record::Output {
                pane,
                offset,
                fresh,
                data,
            } => RecordRef::Output {
                pane,
                offset,
                fresh,
                data: data.into(),
            },
        });
    }
    match env.decode_borrowed::<RecordV4Borrowed<'_>>()? {
        RecordV4Borrowed::Changes(c) => c
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<_, _>>()
            .map(RecordRef::Changes)
            .map_err(|e: v2::convert::Invalid| EnvelopeError::Invalid(e.0).into()),
        RecordV4Borrowed::Output {
            pane,
            offset,
            fresh,
            data,
        } => Ok(RecordRef::Output {
            pane: pane.into(),
            offset,
            fresh,
            data: data.into(),
        }),
    }
}
