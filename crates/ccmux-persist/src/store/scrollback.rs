//! Scrollback files: a pane's last lines as text with SGR attributes, independent of the emulator.
//!
//! ```text
//! 0   8  magic   "CCMUXSCR"
//! 8   4  crc     crc32c(payload)
//! 12  8  len     payload length
//! 20  .. payload envelope(kind 3, version 1, Vec<SavedLine>)
//! ```
//! Written to a temp file, fsynced and renamed; the caller fsyncs the directory before the checkpoint that
//! names the file is written.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use crate::envelope::{self, Envelope};
use crate::fs::{read_file, Fs, OpenMode, StdFs};
use crate::{Error, Lsn, Result};
use ccmux_model::PaneId;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const KIND_SCROLLBACK: u16 = 3;
pub const SCROLLBACK_VERSION: u16 = 1;
const MAGIC: &[u8; 8] = b"CCMUXSCR";
const HEADER: usize = 20;

/// One line: text with embedded SGR sequences, and whether it soft-wrapped onto the next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedLine {
    pub text: String,
    pub wrapped: bool,
}

/// `<lsn>-<pane>.scr`: the file of `pane` for the checkpoint at `lsn`.
pub fn file_name(lsn: Lsn, pane: PaneId) -> String {
    format!("{lsn:020}-{}.scr", pane.0)
}

/// The checkpoint LSN a scrollback file belongs to.
pub fn lsn_of(name: &str) -> Option<Lsn> {
    let (lsn, rest) = name.split_once('-')?;
    rest.ends_with(".scr").then(|| lsn.parse().ok())?
}

pub fn write(dir: &Path, name: &str, lines: &[SavedLine]) -> Result<()> {
    write_on(&StdFs, dir, name, lines)
}

/// [`write`] on another filesystem.
pub fn write_on(fs: &dyn Fs, dir: &Path, name: &str, lines: &[SavedLine]) -> Result<()> {
    let payload = envelope::encode(KIND_SCROLLBACK, SCROLLBACK_VERSION, lines)?;
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&crc32c::crc32c(&payload).to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&payload);
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    let io = |op: &'static str, e| Error::io(op, &tmp, e);
    let f = fs
        .open(&tmp, OpenMode::Truncate(crate::fsutil::FILE_MODE))
        .map_err(|e| io("create scrollback", e))?;
    f.write_all_at(&bytes, 0)
        .map_err(|e| io("write scrollback", e))?;
    f.sync_all().map_err(|e| io("fsync scrollback", e))?;
    fs.rename(&tmp, &path)
        .map_err(|e| Error::io("rename scrollback", &path, e))?;
    Ok(())
}

/// Reads a scrollback file. A damaged one is `Err(Error::Damaged)` naming it (the caller reports it and
/// carries on); one written by a newer ccmux is `Err(Error::FutureVersion)` (the caller must stop).
pub fn read(path: &Path) -> Result<Vec<SavedLine>> {
    read_on(&StdFs, path)
}

/// [`read`] on another filesystem.
pub fn read_on(fs: &dyn Fs, path: &Path) -> Result<Vec<SavedLine>> {
    let bytes = read_file(fs, path).map_err(|e| Error::io("read scrollback", path, e))?;
    checked_payload(path, &bytes)?;
    decode_lines(path, &bytes)
}

/// A scrollback file read and checked whole (header, CRC, version, every line's framing and
/// UTF-8), its lines not yet made into strings: [`SavedLinesLater::decode`] does that (on the pane's
/// own thread, after the server answers). Anything [`read_on`] would refuse is refused here.
#[derive(Clone, Debug)]
pub struct SavedLinesLater {
    path: std::path::PathBuf,
    bytes: std::sync::Arc<Vec<u8>>,
}

impl SavedLinesLater {
    /// The lines (what [`read_on`] returns).
    pub fn decode(&self) -> Result<Vec<SavedLine>> {
        decode_lines(&self.path, &self.bytes)
    }
}

/// One line as stored, borrowed from the payload (the same bytes as [`SavedLine`]'s).
#[derive(Deserialize)]
struct SavedLineBytes<'a> {
    #[serde(borrow, with = "serde_bytes")]
    text: &'a [u8],
    #[allow(dead_code)] // read to check the framing
    wrapped: bool,
}

/// [`read_on`], leaving the lines undecoded.
pub fn read_later_on(fs: &dyn Fs, path: &Path) -> Result<SavedLinesLater> {
    let bytes = read_file(fs, path).map_err(|e| Error::io("read scrollback", path, e))?;
    let payload = checked_payload(path, &bytes)?;
    let bad = |why: String| Error::Damaged {
        path: path.to_path_buf(),
        why,
    };
    let env = Envelope::parse(payload).map_err(|e| bad(e.to_string()))?;
    let lines: Vec<SavedLineBytes<'_>> = env.decode_borrowed().map_err(|e| bad(e.to_string()))?;
    // An ASCII line (the common case) is UTF-8: `is_ascii` checks a word at a time, several times
    // faster than `from_utf8` on short lines. (The payload as a whole is seldom ASCII: line
    // lengths of 128 and more take a varint byte with its high bit set.)
    for line in &lines {
        if !line.text.is_ascii() {
            std::str::from_utf8(line.text).map_err(|e| bad(e.to_string()))?;
        }
    }
    Ok(SavedLinesLater {
        path: path.to_path_buf(),
        bytes: std::sync::Arc::new(bytes),
    })
}

/// The payload of a scrollback file whose header, length, CRC, envelope kind and version hold.
fn checked_payload<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a [u8]> {
    let bad = |why: String| Error::Damaged {
        path: path.to_path_buf(),
        why,
    };
    let (Some(magic), Some(crc), Some(len), Some(payload)) = (
        bytes.get(..8),
        bytes.get(8..12),
        bytes.get(12..HEADER),
        bytes.get(HEADER..),
    ) else {
        return Err(bad("not a scrollback file".into()));
    };
    if magic != MAGIC {
        return Err(bad("not a scrollback file".into()));
    }
    let crc = u32::from_le_bytes(crc.try_into().expect("4 bytes"));
    let len = u64::from_le_bytes(len.try_into().expect("8 bytes"));
    if payload.len() as u64 != len {
        return Err(bad("truncated".into()));
    }
    if crc32c::crc32c(payload) != crc {
        return Err(bad("checksum mismatch".into()));
    }
    let env = Envelope::parse(payload)
        .and_then(|e| e.expect_kind(KIND_SCROLLBACK))
        .map_err(|e| bad(e.to_string()))?;
    match env.version {
        1 => Ok(payload),
        _ => Err(env.unknown_version(SCROLLBACK_VERSION).in_file(path)),
    }
}

/// The lines of a file [`checked_payload`] accepted.
fn decode_lines(path: &Path, bytes: &[u8]) -> Result<Vec<SavedLine>> {
    let bad = |why: String| Error::Damaged {
        path: path.to_path_buf(),
        why,
    };
    let payload = bytes.get(HEADER..).unwrap_or_default();
    let env = Envelope::parse(payload).map_err(|e| bad(e.to_string()))?;
    env.decode().map_err(|e: Error| bad(e.to_string()))
}

/// Whether the file at `path` could be one of a newer format version (its header says a version
/// above ours), judged from its first bytes only: [`read_on`] can return `FutureVersion` only for
/// such a file. Recovery reads every other scrollback file while it replays the WAL, and these
/// first, so that a newer file stops the server before the WAL is touched.
pub fn may_be_future_on(fs: &dyn Fs, path: &Path) -> bool {
    let mut head = [0u8; HEADER + crate::envelope::ENVELOPE_HEADER_LEN];
    let Ok(f) = fs.open(path, OpenMode::Read) else {
        return false;
    };
    let Ok(n) = f.read_at(&mut head, 0) else {
        return false;
    };
    if n < head.len() || head.get(..8) != Some(MAGIC.as_slice()) {
        return false;
    }
    Envelope::parse(head.get(HEADER..).unwrap_or_default())
        .is_ok_and(|e| e.kind == KIND_SCROLLBACK && e.version > SCROLLBACK_VERSION)
}
