//! Versioned postcard payloads.
//!
//! ```text
//! kind u16 LE | version u16 LE | postcard(value)
//! ```
//! postcard is not self-describing: bytes of an old struct cannot be decoded
//! into a struct with an added field. So every stored type is frozen per
//! version (`RecordV1`, `RecordV2`, ...) and readers dispatch on the version:
//!
//! ```
//! use ccmux_persist::envelope::{self, Envelope};
//! # #[derive(serde::Serialize, serde::Deserialize)] struct RecordV1 { a: u32 }
//! # #[derive(serde::Serialize, serde::Deserialize)] struct RecordV2 { a: u32, b: bool }
//! const KIND_RECORD: u16 = 1;
//! let bytes = envelope::encode(KIND_RECORD, 1, &RecordV1 { a: 7 }).unwrap();
//!
//! let env = Envelope::parse(&bytes).unwrap().expect_kind(KIND_RECORD).unwrap();
//! let rec: RecordV2 = match env.version {
//!     1 => { let v1: RecordV1 = env.decode().unwrap(); RecordV2 { a: v1.a, b: false } }
//!     2 => env.decode().unwrap(),
//!     _ => panic!("unknown version"),
//! };
//! assert_eq!(rec.a, 7);
//! ```

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{EnvelopeError, Result};

/// Bytes before the postcard body.
pub const ENVELOPE_HEADER_LEN: usize = 4;

/// Encode `value` with its kind tag and version.
pub fn encode<T: Serialize + ?Sized>(kind: u16, version: u16, value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&version.to_le_bytes());
    postcard::to_extend(value, out).map_err(|e| EnvelopeError::Encode(e).into())
}

/// Decode a payload that must be exactly `kind` at exactly `version`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], kind: u16, version: u16) -> Result<T> {
    let env = Envelope::parse(bytes)?.expect_kind(kind)?;
    if env.version != version {
        return Err(EnvelopeError::VersionMismatch {
            kind,
            expected: version,
            found: env.version,
        }
        .into());
    }
    env.decode()
}

/// A parsed header with the undecoded body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope<'a> {
    pub kind: u16,
    pub version: u16,
    pub body: &'a [u8],
}

impl<'a> Envelope<'a> {
    /// Split the header off `bytes`.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let Some(([k0, k1, v0, v1], body)) = bytes.split_first_chunk::<ENVELOPE_HEADER_LEN>()
        else {
            return Err(EnvelopeError::Truncated(bytes.len()).into());
        };
        Ok(Envelope {
            kind: u16::from_le_bytes([*k0, *k1]),
            version: u16::from_le_bytes([*v0, *v1]),
            body,
        })
    }

    /// Error unless this is a `kind` payload.
    pub fn expect_kind(self, kind: u16) -> Result<Self> {
        if self.kind != kind {
            return Err(EnvelopeError::KindMismatch {
                expected: kind,
                found: self.kind,
            }
            .into());
        }
        Ok(self)
    }

    /// The error for a version this build has no reader for: a newer one is `FutureVersion` (refuse the
    /// file, never skip it), an older unknown one a mismatch.
    pub fn unknown_version(&self, supported: u16) -> crate::Error {
        if self.version > supported {
            EnvelopeError::FutureVersion {
                kind: self.kind,
                found: self.version,
                supported,
            }
            .into()
        } else {
            EnvelopeError::VersionMismatch {
                kind: self.kind,
                expected: supported,
                found: self.version,
            }
            .into()
        }
    }

    /// [`Envelope::decode`] into a `T` that may borrow from the body (bytes and strings are not
    /// copied). postcard writes a borrowed and an owned value alike, so this reads the same bytes.
    pub fn decode_borrowed<T: serde::Deserialize<'a>>(&self) -> Result<T> {
        let (value, rest) =
            postcard::take_from_bytes::<T>(self.body).map_err(EnvelopeError::Decode)?;
        if !rest.is_empty() {
            return Err(EnvelopeError::TrailingBytes(rest.len()).into());
        }
        Ok(value)
    }

    /// Decode the body as `T` (the caller picked `T` from `version`).
    /// Trailing bytes are an error: they mean `T` is not the written type.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let (value, rest) =
            postcard::take_from_bytes::<T>(self.body).map_err(EnvelopeError::Decode)?;
        if !rest.is_empty() {
            return Err(EnvelopeError::TrailingBytes(rest.len()).into());
        }
        Ok(value)
    }
}
