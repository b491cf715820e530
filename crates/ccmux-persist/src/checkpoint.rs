//! Checkpoints: atomic, checksummed snapshots of opaque bytes.
//!
//! ```text
//! ckpt-<lsn:020>.ccp, version 2:
//! magic "CCMUXCKP" | version u32 = 2 | lsn u64 | unix_ms u64 | wal_segment u64 | payload_len u64
//! | crc32c u32 (of the 44 bytes before + payload) | payload
//! version 1 (read):
//! magic "CCMUXCKP" | version u32 = 1 | lsn u64 | unix_ms u64 | payload_len u64
//! | crc32c u32 (of the 36 bytes before + payload) | payload
//! ```
//! All integers little-endian. The checkpoint covers every WAL record with
//! LSN <= `lsn`; `wal_segment` is the first LSN of the newest WAL segment when it was written
//! (0: none), so that recovery can tell when the segments after it are gone.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use crate::fsutil::{le_u32, le_u64};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, IoContext, Result};
use crate::fs::{exists, read_file, FileReader, Fs, OpenMode, StdFs};
use crate::fsutil::{ensure_private_dir, read_up_to, sync_dir, FILE_MODE};
use crate::Lsn;

/// Magic bytes at the start of every checkpoint.
pub const CHECKPOINT_MAGIC: [u8; 8] = *b"CCMUXCKP";
/// Format version written; the newest one this build reads.
pub const CHECKPOINT_FORMAT_VERSION: u32 = 2;
/// Bytes before the payload (version 2, written now).
pub const CHECKPOINT_HEADER_LEN: usize = 48;
/// Bytes before the payload of a version 1 checkpoint (still read).
pub const CHECKPOINT_HEADER_LEN_V1: usize = 40;
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

/// The header of a checkpoint file of the current version (`payload` follows it). `wal_segment`:
/// the first LSN of the newest WAL segment at the time (0: none).
pub fn encode_header(
    lsn: Lsn,
    unix_ms: u64,
    wal_segment: Lsn,
    payload: &[u8],
) -> [u8; CHECKPOINT_HEADER_LEN] {
    let mut h = [0u8; CHECKPOINT_HEADER_LEN];
    h[0..8].copy_from_slice(&CHECKPOINT_MAGIC);
    h[8..12].copy_from_slice(&CHECKPOINT_FORMAT_VERSION.to_le_bytes());
    h[12..20].copy_from_slice(&lsn.to_le_bytes());
    h[20..28].copy_from_slice(&unix_ms.to_le_bytes());
    h[28..36].copy_from_slice(&wal_segment.to_le_bytes());
    h[36..44].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    let crc = crc32c::crc32c_append(crc32c::crc32c(&h[0..44]), payload);
    h[44..48].copy_from_slice(&crc.to_le_bytes());
    h
}

/// The header of a version 1 checkpoint (as written before version 2; for tests and samples).
pub fn encode_header_v1(lsn: Lsn, unix_ms: u64, payload: &[u8]) -> [u8; CHECKPOINT_HEADER_LEN_V1] {
    let mut h = [0u8; CHECKPOINT_HEADER_LEN_V1];
    h[0..8].copy_from_slice(&CHECKPOINT_MAGIC);
    h[8..12].copy_from_slice(&1u32.to_le_bytes());
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
    Truncated {
        len: u64,
    },
    BadMagic,
    UnsupportedVersion(u32),
    LengthMismatch {
        declared: u64,
        actual: u64,
    },
    Checksum,
    LsnMismatch {
        name: Lsn,
        header: Lsn,
    },
    /// The file cannot be read at all (a directory, a dangling symlink, no permission, an IO
    /// error): skipped, never deleted or modified.
    Unreadable(String),
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
            CheckpointDamage::Unreadable(e) => write!(f, "cannot be read: {e}"),
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
    wal_segment: Lsn,
    header_len: usize,
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
    let v1 = bytes.len() >= 12 && le_u32(bytes, 8) == 1;
    let header_len = if v1 {
        CHECKPOINT_HEADER_LEN_V1
    } else {
        CHECKPOINT_HEADER_LEN
    };
    if bytes.len() < header_len {
        return Err(Check::Damaged(CheckpointDamage::Truncated {
            len: bytes.len() as u64,
        }));
    }
    let lsn = le_u64(bytes, 12);
    let unix_ms = le_u64(bytes, 20);
    let (wal_segment, len_at) = if v1 { (0, 28) } else { (le_u64(bytes, 28), 36) };
    let declared = le_u64(bytes, len_at);
    let actual = (bytes.len() - header_len) as u64;
    if declared != actual {
        return Err(Check::Damaged(CheckpointDamage::LengthMismatch {
            declared,
            actual,
        }));
    }
    let crc_at = header_len - 4;
    let (header, payload) = bytes.split_at_checked(header_len).unwrap_or_default();
    let crc = crc32c::crc32c_append(
        crc32c::crc32c(header.get(..crc_at).unwrap_or_default()),
        payload,
    );
    if crc != le_u32(bytes, crc_at) {
        return Err(Check::Damaged(CheckpointDamage::Checksum));
    }
    if lsn != name_lsn {
        return Err(Check::Damaged(CheckpointDamage::LsnMismatch {
            name: name_lsn,
            header: lsn,
        }));
    }
    Ok(Valid {
        lsn,
        unix_ms,
        wal_segment,
        header_len,
    })
}

fn future_error(path: &Path, found: u32) -> Error {
    Error::FutureVersion {
        path: path.to_path_buf(),
        found,
        supported: CHECKPOINT_FORMAT_VERSION,
    }
}

/// Read the first bytes of a file: `Err(FutureVersion)` if a newer format wrote it, `Err(Io)` if
/// it cannot be read at all.
fn check_not_future(fs: &dyn Fs, path: &Path) -> Result<()> {
    let f = fs.open(path, OpenMode::Read).ctx("open checkpoint", path)?;
    let mut h = [0u8; 12];
    let n = read_up_to(&mut FileReader::new(&*f, 0), &mut h).ctx("read checkpoint", path)?;
    match check_version(h.get(..n).unwrap_or_default()) {
        Err(Check::Future(v)) => Err(future_error(path, v)),
        _ => Ok(()),
    }
}

/// A file that cannot be read: the reason, without the path.
fn unreadable(e: &Error) -> Option<CheckpointDamage> {
    match e {
        Error::Io { source, .. } => Some(CheckpointDamage::Unreadable(source.to_string())),
        _ => None,
    }
}

/// Checkpoint files of `dir`, newest (highest LSN) first. A missing dir is empty.
fn list_files(fs: &dyn Fs, dir: &Path) -> Result<Vec<(Lsn, PathBuf)>> {
    let mut out = crate::fsutil::lsn_files(fs, dir, parse_file_name)?;
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
    /// LSN of the oldest checkpoint still kept (the scrollback files it names must stay).
    pub oldest_kept_lsn: Lsn,
}

/// Durably write a checkpoint covering LSNs <= `lsn`: temp file (0600),
/// fsync, rename, fsync dir; then keep the newest [`KEEP_CHECKPOINTS`] and
/// delete older ones and stray temp files (never a future-version file, never
/// one that cannot be read).
pub fn write(dir: impl AsRef<Path>, lsn: Lsn, payload: &[u8]) -> Result<Written> {
    write_on(&StdFs, dir, lsn, payload)
}

/// [`write()`] on another filesystem.
pub fn write_on(fs: &dyn Fs, dir: impl AsRef<Path>, lsn: Lsn, payload: &[u8]) -> Result<Written> {
    write_after_segment_on(fs, dir, lsn, 0, payload)
}

/// [`write_on`], recording that `wal_segment` is the first LSN of the newest WAL segment now (the
/// one that holds, or will hold, the records after `lsn`): recovery reports it missing.
pub fn write_after_segment_on(
    fs: &dyn Fs,
    dir: impl AsRef<Path>,
    lsn: Lsn,
    wal_segment: Lsn,
    payload: &[u8],
) -> Result<Written> {
    let dir = dir.as_ref();
    ensure_private_dir(fs, dir)?;
    let name = file_name(lsn);
    let path = dir.join(&name);
    if exists(fs, &path) {
        check_not_future(fs, &path)?;
    }
    let tmp = dir.join(format!("{name}{TMP_EXT}"));
    {
        let f = fs
            .open(&tmp, OpenMode::Truncate(FILE_MODE))
            .ctx("create checkpoint", &tmp)?;
        let header = encode_header(lsn, now_ms(), wal_segment, payload);
        f.write_all_at(&header, 0).ctx("write checkpoint", &tmp)?;
        f.write_all_at(payload, header.len() as u64)
            .ctx("write checkpoint", &tmp)?;
        f.sync_all().ctx("fsync checkpoint", &tmp)?;
    }
    fs.rename(&tmp, &path).ctx("rename checkpoint", &tmp)?;
    sync_dir(fs, dir)?;
    let (removed, oldest_kept_lsn) = retain(fs, dir, lsn);
    Ok(Written {
        path,
        lsn,
        removed,
        oldest_kept_lsn,
    })
}

/// Retention after writing checkpoint `just_written`. Failures are logged:
/// the new checkpoint is durable whatever happens here.
fn retain(fs: &dyn Fs, dir: &Path, just_written: Lsn) -> (Vec<PathBuf>, Lsn) {
    let mut removed = Vec::new();
    let mut oldest = just_written;
    match list_files(fs, dir) {
        Ok(files) => {
            let mut kept = 0;
            for (lsn, path) in files {
                match check_not_future(fs, &path) {
                    Ok(()) => {}
                    Err(e) if e.is_future_version() => {
                        tracing::warn!(error = %e, "keeping a checkpoint written by a newer ccmux");
                        continue;
                    }
                    // Not ours to judge (a directory, a dangling symlink): left alone, not counted.
                    Err(e) => {
                        tracing::warn!(error = %e, "leaving alone a checkpoint that cannot be read");
                        continue;
                    }
                }
                if kept < KEEP_CHECKPOINTS || lsn == just_written {
                    kept += 1;
                    oldest = oldest.min(lsn);
                    continue;
                }
                match fs.remove_file(&path) {
                    Ok(()) => removed.push(path),
                    Err(e) => {
                        tracing::warn!(path = %path.display(), error = %e, "could not delete an old checkpoint")
                    }
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not list checkpoints for retention"),
    }
    if let Ok(names) = fs.read_dir(dir) {
        for name in names {
            let Some(name) = name.to_str() else { continue };
            let stray = name
                .strip_suffix(TMP_EXT)
                .is_some_and(|n| parse_file_name(n).is_some());
            let path = dir.join(name);
            if stray && fs.metadata(&path).is_ok_and(|m| !m.is_dir) && fs.remove_file(&path).is_ok()
            {
                removed.push(path);
            }
        }
    }
    if !removed.is_empty() {
        if let Err(e) = sync_dir(fs, dir) {
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
    /// The first LSN of the newest WAL segment when it was written (0: none, or a version 1
    /// checkpoint, which does not say).
    pub wal_segment: Lsn,
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
    /// Older files named like checkpoints that cannot be read: not needed (an older valid one was
    /// loaded), reported, left alone.
    pub unreadable_unused: Vec<Skipped>,
}

/// The newest checkpoint that passes its checks; damaged newer ones are
/// reported in `skipped` and logged. `FutureVersion` if any checkpoint in
/// `dir` was written by a newer format (nothing is modified).
pub fn load_newest(dir: impl AsRef<Path>) -> Result<LoadOutcome> {
    load_newest_on(&StdFs, dir)
}

/// [`load_newest`] on another filesystem.
pub fn load_newest_on(fs: &dyn Fs, dir: impl AsRef<Path>) -> Result<LoadOutcome> {
    let files = list_files(fs, dir.as_ref())?;
    let mut unreadable_files = Vec::new();
    for (lsn, path) in &files {
        if let Err(e) = check_not_future(fs, path) {
            let reason = unreadable(&e).ok_or(e)?;
            unreadable_files.push(Skipped {
                path: path.clone(),
                lsn: *lsn,
                reason,
            });
        }
    }
    let mut out = LoadOutcome::default();
    for (name_lsn, path) in files {
        if let Some(u) = unreadable_files.iter().find(|u| u.path == path) {
            tracing::error!(path = %path.display(), reason = %u.reason, "unreadable checkpoint skipped");
            out.skipped.push(u.clone());
            continue;
        }
        let mut bytes = match read_file(fs, &path) {
            Ok(b) => b,
            Err(e) => {
                let reason = CheckpointDamage::Unreadable(e.to_string());
                tracing::error!(path = %path.display(), %reason, "unreadable checkpoint skipped");
                out.skipped.push(Skipped {
                    path,
                    lsn: name_lsn,
                    reason,
                });
                continue;
            }
        };
        match validate(&bytes, name_lsn) {
            Ok(v) => {
                bytes.drain(..v.header_len);
                out.loaded = Some(Loaded {
                    lsn: v.lsn,
                    unix_ms: v.unix_ms,
                    wal_segment: v.wal_segment,
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
    if let Some(loaded) = &out.loaded {
        out.unreadable_unused = unreadable_files
            .into_iter()
            .filter(|u| u.lsn < loaded.lsn)
            .collect();
        for u in &out.unreadable_unused {
            tracing::warn!(path = %u.path.display(), reason = %u.reason, "unreadable older checkpoint left alone");
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
    list_on(&StdFs, dir)
}

/// [`list`] on another filesystem.
pub fn list_on(fs: &dyn Fs, dir: impl AsRef<Path>) -> Result<Vec<CheckpointInfo>> {
    let mut out = Vec::new();
    for (lsn, path) in list_files(fs, dir.as_ref())? {
        let bytes = match read_file(fs, &path) {
            Ok(b) => b,
            Err(e) => {
                out.push(CheckpointInfo {
                    path,
                    lsn,
                    unix_ms: None,
                    size: 0,
                    state: CheckpointState::Damaged(CheckpointDamage::Unreadable(e.to_string())),
                });
                continue;
            }
        };
        let state = match validate(&bytes, lsn) {
            Ok(_) => CheckpointState::Valid,
            Err(Check::Future(v)) => CheckpointState::FutureVersion(v),
            Err(Check::Damaged(d)) => CheckpointState::Damaged(d),
        };
        let unix_ms = (bytes.len() >= CHECKPOINT_HEADER_LEN_V1
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
        let mut file = encode_header(5, 1, 9, payload).to_vec();
        file.extend_from_slice(payload);
        let v = validate(&file, 5).ok().unwrap();
        assert_eq!((v.lsn, v.wal_segment, v.header_len), (5, 9, 48));
        let mut v1 = encode_header_v1(5, 1, payload).to_vec();
        v1.extend_from_slice(payload);
        let v = validate(&v1, 5).ok().unwrap();
        assert_eq!((v.lsn, v.wal_segment, v.header_len), (5, 0, 40));
        let mut future = file.clone();
        future[8..12].copy_from_slice(&3u32.to_le_bytes());
        assert!(matches!(validate(&future, 5), Err(Check::Future(3))));
        assert!(matches!(
            validate(&file[..20], 5),
            Err(Check::Damaged(CheckpointDamage::Truncated { len: 20 }))
        ));
        assert!(matches!(
            validate(&file[..44], 5),
            Err(Check::Damaged(CheckpointDamage::Truncated { len: 44 }))
        ));
    }
}
