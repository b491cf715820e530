//! Checkpoints: atomic, checksummed snapshots of opaque bytes.
//!
//! ```text
//! ckpt-<lsn:020>.ccp:
//! magic "CCMUXCKP" | version u32 | lsn u64 | unix_ms u64 | payload_len u64
//! | crc32c u32 (of the 36 bytes before + payload) | payload
//! ```
//! All integers little-endian. The checkpoint covers every WAL record with
//! LSN <= `lsn`.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use crate::fsutil::{le_u32, le_u64};
use std::fmt;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, IoContext, Result};
use crate::fsutil::{ensure_private_dir, private_file_options, read_up_to, sync_dir};
use crate::Lsn;

/// Magic bytes at the start of every checkpoint.
pub const CHECKPOINT_MAGIC: [u8; 8] = *b"CCMUXCKP";
/// Format version written; the newest one this build reads.
pub const CHECKPOINT_FORMAT_VERSION: u32 = 1;
/// Bytes before the payload.
pub const CHECKPOINT_HEADER_LEN: usize = 40;
/// How many checkpoints `write` keeps.
pub const KEEP_CHECKPOINTS: usize = 3;

const PREFIX: &str = "ckpt-";
const EXT: &str = ".ccp";
const TMP_EXT: &str = ".tmp";

/// `ckpt-00000000000000000042.ccp`
pub fn file_name(lsn: Lsn) -> String {
    format!("{PREFIX}{lsn:020}{EXT}")
}

/// Inverse of [`file_name`].
pub fn parse_file_name(name: &str) -> Option<Lsn> {
    let digits = name.strip_prefix(PREFIX)?.strip_suffix(EXT)?;
    if digits.len() != 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The header of a checkpoint file (`payload` follows it).
pub fn encode_header(lsn: Lsn, unix_ms: u64, payload: &[u8]) -> [u8; CHECKPOINT_HEADER_LEN] {
    let mut h = [0u8; CHECKPOINT_HEADER_LEN];
    h[0..8].copy_from_slice(&CHECKPOINT_MAGIC);
    h[8..12].copy_from_slice(&CHECKPOINT_FORMAT_VERSION.to_le_bytes());
    h[12..20].copy_from_slice(&lsn.to_le_bytes());
    h[20..28].copy_from_slice(&unix_ms.to_le_bytes());
    h[28..36].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    let crc = crc32c::crc32c_append(crc32c::crc32c(&h[0..36]), payload);
    h[36..40].copy_from_slice(&crc.to_le_bytes());
    h
}

/// Why a checkpoint file is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointDamage {
    Truncated { len: u64 },
    BadMagic,
    UnsupportedVersion(u32),
    LengthMismatch { declared: u64, actual: u64 },
    Checksum,
    LsnMismatch { name: Lsn, header: Lsn },
}

impl fmt::Display for CheckpointDamage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckpointDamage::Truncated { len } => write!(f, "truncated ({len} bytes)"),
            CheckpointDamage::BadMagic => write!(f, "bad magic"),
            CheckpointDamage::UnsupportedVersion(v) => write!(f, "unsupported format version {v}"),
            CheckpointDamage::LengthMismatch { declared, actual } => {
                write!(f, "payload length {declared} but {actual} bytes present")
            }
            CheckpointDamage::Checksum => write!(f, "checksum mismatch"),
            CheckpointDamage::LsnMismatch { name, header } => {
                write!(f, "header LSN {header} differs from file name LSN {name}")
            }
        }
    }
}

enum Check {
    Future(u32),
    Damaged(CheckpointDamage),
}

struct Valid {
    lsn: Lsn,
    unix_ms: u64,
}

/// Magic then version first: a newer format may change everything after it.
fn check_version(bytes: &[u8]) -> std::result::Result<(), Check> {
    if bytes
        .get(..8)
        .is_some_and(|magic| magic != CHECKPOINT_MAGIC)
    {
        return Err(Check::Damaged(CheckpointDamage::BadMagic));
    }
    if bytes.len() >= 12 {
        let v = le_u32(bytes, 8);
        if v > CHECKPOINT_FORMAT_VERSION {
            return Err(Check::Future(v));
        }
        if v == 0 {
            return Err(Check::Damaged(CheckpointDamage::UnsupportedVersion(v)));
        }
    }
    Ok(())
}

fn validate(bytes: &[u8], name_lsn: Lsn) -> std::result::Result<Valid, Check> {
    check_version(bytes)?;
    if bytes.len() < CHECKPOINT_HEADER_LEN {
        return Err(Check::Damaged(CheckpointDamage::Truncated {
            len: bytes.len() as u64,
        }));
    }
    let lsn = le_u64(bytes, 12);
    let unix_ms = le_u64(bytes, 20);
    let declared = le_u64(bytes, 28);
    let actual = (bytes.len() - CHECKPOINT_HEADER_LEN) as u64;
    if declared != actual {
        return Err(Check::Damaged(CheckpointDamage::LengthMismatch {
            declared,
            actual,
        }));
    }
    let (header, payload) = bytes
        .split_at_checked(CHECKPOINT_HEADER_LEN)
        .unwrap_or_default();
    let crc = crc32c::crc32c_append(
        crc32c::crc32c(header.get(..36).unwrap_or_default()),
        payload,
    );
    if crc != le_u32(bytes, 36) {
        return Err(Check::Damaged(CheckpointDamage::Checksum));
    }
    if lsn != name_lsn {
        return Err(Check::Damaged(CheckpointDamage::LsnMismatch {
            name: name_lsn,
            header: lsn,
        }));
    }
    Ok(Valid { lsn, unix_ms })
}

fn future_error(path: &Path, found: u32) -> Error {
    Error::FutureVersion {
        path: path.to_path_buf(),
        found,
        supported: CHECKPOINT_FORMAT_VERSION,
    }
}

/// Read the first bytes of a file: `Err(FutureVersion)` if a newer format wrote it.
fn check_not_future(path: &Path) -> Result<()> {
    let mut f = File::open(path).ctx("open checkpoint", path)?;
    let mut h = [0u8; 12];
    let n = read_up_to(&mut f, &mut h).ctx("read checkpoint", path)?;
    match check_version(h.get(..n).unwrap_or_default()) {
        Err(Check::Future(v)) => Err(future_error(path, v)),
        _ => Ok(()),
    }
}

/// Checkpoint files of `dir`, newest (highest LSN) first. A missing dir is empty.
fn list_files(dir: &Path) -> Result<Vec<(Lsn, PathBuf)>> {
    let mut out = crate::fsutil::lsn_files(dir, parse_file_name)?;
    out.reverse();
    Ok(out)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Result of [`write()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub lsn: Lsn,
    /// Older checkpoints and stray temp files deleted.
    pub removed: Vec<PathBuf>,
    /// LSN of the oldest checkpoint still kept. Truncating the WAL only
    /// before `oldest_kept_lsn + 1` keeps every kept checkpoint usable as a
    /// fallback if a newer one turns out damaged.
    pub oldest_kept_lsn: Lsn,
}

/// Durably write a checkpoint covering LSNs <= `lsn`: temp file (0600),
/// fsync, rename, fsync dir; then keep the newest [`KEEP_CHECKPOINTS`] and
/// delete older ones and stray temp files (never a future-version file).
pub fn write(dir: impl AsRef<Path>, lsn: Lsn, payload: &[u8]) -> Result<Written> {
    let dir = dir.as_ref();
    ensure_private_dir(dir)?;
    let name = file_name(lsn);
    let path = dir.join(&name);
    if path.exists() {
        check_not_future(&path)?;
    }
    let tmp = dir.join(format!("{name}{TMP_EXT}"));
    {
        let mut f = private_file_options()
            .create(true)
            .truncate(true)
            .open(&tmp)
            .ctx("create checkpoint", &tmp)?;
        f.write_all(&encode_header(lsn, now_ms(), payload))
            .ctx("write checkpoint", &tmp)?;
        f.write_all(payload).ctx("write checkpoint", &tmp)?;
        f.sync_all().ctx("fsync checkpoint", &tmp)?;
    }
    fs::rename(&tmp, &path).ctx("rename checkpoint", &tmp)?;
    sync_dir(dir)?;
    let (removed, oldest_kept_lsn) = retain(dir, lsn);
    Ok(Written {
        path,
        lsn,
        removed,
        oldest_kept_lsn,
    })
}

/// Retention after writing checkpoint `just_written`. Failures are logged:
/// the new checkpoint is durable whatever happens here.
fn retain(dir: &Path, just_written: Lsn) -> (Vec<PathBuf>, Lsn) {
    let mut removed = Vec::new();
    let mut oldest = just_written;
    match list_files(dir) {
        Ok(files) => {
            let mut kept = 0;
            for (lsn, path) in files {
                if kept < KEEP_CHECKPOINTS || lsn == just_written {
                    kept += 1;
                    oldest = oldest.min(lsn);
                    continue;
                }
                if let Err(e) = check_not_future(&path) {
                    tracing::warn!(error = %e, "keeping a checkpoint written by a newer ccmux");
                    continue;
                }
                match fs::remove_file(&path) {
                    Ok(()) => removed.push(path),
                    Err(e) => {
                        tracing::warn!(path = %path.display(), error = %e, "could not delete an old checkpoint")
                    }
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not list checkpoints for retention"),
    }
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let stray = name
                .strip_suffix(TMP_EXT)
                .is_some_and(|n| parse_file_name(n).is_some());
            if stray && fs::remove_file(entry.path()).is_ok() {
                removed.push(entry.path());
            }
        }
    }
    if !removed.is_empty() {
        if let Err(e) = sync_dir(dir) {
            tracing::warn!(error = %e, "fsync of the checkpoint directory failed");
        }
    }
    (removed, oldest)
}

/// A checkpoint that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// Every WAL record with LSN <= this is included.
    pub lsn: Lsn,
    /// Unix time of writing, milliseconds.
    pub unix_ms: u64,
    pub payload: Vec<u8>,
    pub path: PathBuf,
}

/// A newer checkpoint that was passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub lsn: Lsn,
    pub reason: CheckpointDamage,
}

/// Result of [`load_newest`]. `skipped` non-empty means a newer checkpoint
/// was damaged: surface it to the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOutcome {
    pub loaded: Option<Loaded>,
    pub skipped: Vec<Skipped>,
}

/// The newest checkpoint that passes its checks; damaged newer ones are
/// reported in `skipped` and logged. `FutureVersion` if any checkpoint in
/// `dir` was written by a newer format (nothing is modified).
pub fn load_newest(dir: impl AsRef<Path>) -> Result<LoadOutcome> {
    let files = list_files(dir.as_ref())?;
    for (_, path) in &files {
        check_not_future(path)?;
    }
    let mut out = LoadOutcome::default();
    for (name_lsn, path) in files {
        let mut bytes = Vec::new();
        File::open(&path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .ctx("read checkpoint", &path)?;
        match validate(&bytes, name_lsn) {
            Ok(v) => {
                bytes.drain(..CHECKPOINT_HEADER_LEN);
                out.loaded = Some(Loaded {
                    lsn: v.lsn,
                    unix_ms: v.unix_ms,
                    payload: bytes,
                    path,
                });
                break;
            }
            Err(Check::Future(v)) => return Err(future_error(&path, v)),
            Err(Check::Damaged(reason)) => {
                tracing::error!(path = %path.display(), %reason, "damaged checkpoint skipped");
                out.skipped.push(Skipped {
                    path,
                    lsn: name_lsn,
                    reason,
                });
            }
        }
    }
    Ok(out)
}

/// State of one checkpoint file, for status output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointState {
    Valid,
    Damaged(CheckpointDamage),
    FutureVersion(u32),
}

/// One checkpoint file as listed by [`list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointInfo {
    pub path: PathBuf,
    pub lsn: Lsn,
    /// From the header, when it is readable.
    pub unix_ms: Option<u64>,
    pub size: u64,
    pub state: CheckpointState,
}

impl CheckpointInfo {
    pub fn is_valid(&self) -> bool {
        self.state == CheckpointState::Valid
    }
}

/// Every checkpoint file of `dir`, newest first, with its validity. Read-only.
pub fn list(dir: impl AsRef<Path>) -> Result<Vec<CheckpointInfo>> {
    let mut out = Vec::new();
    for (lsn, path) in list_files(dir.as_ref())? {
        let mut bytes = Vec::new();
        File::open(&path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .ctx("read checkpoint", &path)?;
        let state = match validate(&bytes, lsn) {
            Ok(_) => CheckpointState::Valid,
            Err(Check::Future(v)) => CheckpointState::FutureVersion(v),
            Err(Check::Damaged(d)) => CheckpointState::Damaged(d),
        };
        let unix_ms = (bytes.len() >= CHECKPOINT_HEADER_LEN
            && !matches!(state, CheckpointState::FutureVersion(_)))
        .then(|| le_u64(&bytes, 20));
        out.push(CheckpointInfo {
            path,
            lsn,
            unix_ms,
            size: bytes.len() as u64,
            state,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_reject_others() {
        assert_eq!(file_name(42), "ckpt-00000000000000000042.ccp");
        assert_eq!(parse_file_name(&file_name(0)), Some(0));
        for bad in [
            "ckpt-00000000000000000042.ccp.tmp",
            "ckpt-0000000000000000042.ccp",
            "ckpt-99999999999999999999.ccp",
            "xckpt-00000000000000000042.ccp",
        ] {
            assert_eq!(parse_file_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn validate_in_order() {
        let payload = b"p";
        let mut file = encode_header(5, 1, payload).to_vec();
        file.extend_from_slice(payload);
        assert!(validate(&file, 5).is_ok());
        let mut future = file.clone();
        future[8..12].copy_from_slice(&2u32.to_le_bytes());
        assert!(matches!(validate(&future, 5), Err(Check::Future(2))));
        assert!(matches!(
            validate(&file[..20], 5),
            Err(Check::Damaged(CheckpointDamage::Truncated { len: 20 }))
        ));
    }
}
