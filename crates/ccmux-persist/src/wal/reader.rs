//! Read-only scanning of a WAL directory (offline inspection and replay).

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use std::fmt;
use std::path::{Path, PathBuf};

use super::segment::{
    check_not_future, parse_segment, parse_segment_name, Corruption, ParsedSegment, RecordAt,
};
use crate::error::{Error, Result};
use crate::fs::{Fs, StdFs};
use crate::Lsn;

/// One segment file as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentSummary {
    pub path: PathBuf,
    /// LSN from the file name.
    pub first_lsn: Lsn,
    /// Valid records (0 for segments after a damage point).
    pub records: u64,
    pub last_lsn: Option<Lsn>,
    /// Bytes of header plus valid records.
    pub valid_len: u64,
    pub file_len: u64,
    /// False for segments after a damage point and for covered ones.
    pub readable: bool,
    /// Wholly before the requested start LSN: not validated, not read.
    pub covered: bool,
    /// Why this segment stops early, if it does.
    pub problem: Option<Corruption>,
}

/// Bytes of a segment that were (or, for a read-only scan, would be) dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedBytes {
    pub segment: PathBuf,
    /// First byte not kept.
    pub offset: u64,
    /// Non-zero bytes dropped (trailing zero fill is not counted).
    pub bytes: u64,
    pub reason: Corruption,
    /// True for the last segment (a torn tail is expected after a crash);
    /// false means corruption in the middle of the log.
    pub last_segment: bool,
    /// Where the dropped bytes were saved (`*.tail-<offset>.corrupt`), if any.
    pub saved_to: Option<PathBuf>,
}

/// A file named like a segment that cannot be read at all (a directory, a dangling symlink, no
/// permission, an IO error): skipped and reported, never deleted, never modified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub path: PathBuf,
    /// LSN from the file name.
    pub first_lsn: Lsn,
    pub error: String,
    /// Records it would hold may be needed (it is not wholly before the start LSN): they are lost.
    pub in_range: bool,
    /// Where the writer's recovery moved it (`*.corrupt`, so that no new segment takes its name);
    /// `None` in a read-only scan and for a covered one.
    pub renamed_to: Option<PathBuf>,
}

/// The last segment ends before the length its header declares (v2 segments): it was cut, and the
/// records after its last one may be lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub segment: PathBuf,
    /// Its length on disk.
    pub len: u64,
    /// The length it was created with.
    pub declared: u64,
    /// Its last readable record.
    pub last_lsn: Option<Lsn>,
}

/// A whole segment that was (or would be) set aside because it follows damage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub segment: PathBuf,
    pub first_lsn: Lsn,
    pub reason: Corruption,
    /// New name (`*.corrupt`); `None` in a read-only scan.
    pub renamed_to: Option<PathBuf>,
}

/// What recovery found. `Wal::open` logs it; callers should surface anything
/// that is not [`RecoveryReport::is_clean`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecoveryReport {
    pub segments: Vec<SegmentSummary>,
    pub dropped: Vec<DroppedBytes>,
    pub set_aside: Vec<SetAside>,
    /// First readable record.
    pub first_lsn: Option<Lsn>,
    /// Last readable record.
    pub last_lsn: Option<Lsn>,
    /// LSN the next append gets (before `WalOptions::min_next_lsn`).
    pub next_lsn: Lsn,
    /// Records at the start that should be there but are not: the first
    /// segment after the requested start LSN begins later (`from..first`).
    /// A replay on top of a checkpoint cannot bridge such a hole.
    pub missing: Option<std::ops::Range<Lsn>>,
    /// Covered segments deleted because `min_next_lsn` jumped past the log.
    pub deleted_covered: Vec<PathBuf>,
    /// Files named like segments that cannot be read (skipped, never deleted).
    pub unreadable: Vec<Unreadable>,
    /// The log ends in a segment that was cut short.
    pub cut: Option<Cut>,
}

impl RecoveryReport {
    /// Nothing was dropped, set aside, cut or skipped.
    pub fn is_clean(&self) -> bool {
        self.dropped.is_empty()
            && self.set_aside.is_empty()
            && self.unreadable.is_empty()
            && self.cut.is_none()
    }

    /// Damage before the last segment's tail: data that had been durable may be lost.
    pub fn mid_log_corruption(&self) -> bool {
        !self.set_aside.is_empty() || self.dropped.iter().any(|d| !d.last_segment)
    }

    /// Records that had been written may be lost: mid-log damage, a cut last segment, an
    /// unreadable segment that the replay needed, or records missing at the start. (A torn tail
    /// of the last segment is what a crash leaves and is not counted.)
    pub fn lost_records(&self) -> bool {
        self.mid_log_corruption()
            || self.cut.is_some()
            || self.missing.is_some()
            || self.unreadable.iter().any(|u| u.in_range)
    }
}

impl fmt::Display for RecoveryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} segment(s), records {}..{}, next LSN {}",
            self.segments.len(),
            self.first_lsn.map_or("-".into(), |l| l.to_string()),
            self.last_lsn.map_or("-".into(), |l| l.to_string()),
            self.next_lsn
        )?;
        for d in &self.dropped {
            write!(
                f,
                "; dropped {} byte(s) of {} at offset {} ({}{})",
                d.bytes,
                d.segment.display(),
                d.offset,
                d.reason,
                if d.last_segment {
                    ", torn tail"
                } else {
                    ", MID-LOG CORRUPTION"
                }
            )?;
            if let Some(s) = &d.saved_to {
                write!(f, ", saved to {}", s.display())?;
            }
        }
        for s in &self.set_aside {
            write!(f, "; set aside {} ({})", s.segment.display(), s.reason)?;
            if let Some(to) = &s.renamed_to {
                write!(f, " as {}", to.display())?;
            }
        }
        for u in &self.unreadable {
            write!(
                f,
                "; {} cannot be read ({}){}",
                u.path.display(),
                u.error,
                if u.in_range {
                    ", its records are lost"
                } else {
                    ", skipped (not needed)"
                }
            )?;
            if let Some(to) = &u.renamed_to {
                write!(f, ", moved to {}", to.display())?;
            }
        }
        if let Some(c) = &self.cut {
            write!(
                f,
                "; {} was cut: {} bytes of the {} it was created with, records after LSN {} may be lost",
                c.segment.display(),
                c.len,
                c.declared,
                c.last_lsn.map_or("-".into(), |l| l.to_string())
            )?;
        }
        if let Some(m) = &self.missing {
            write!(f, "; records {}..{} missing", m.start, m.end)?;
        }
        Ok(())
    }
}

/// A segment file name found in the directory.
#[derive(Debug, Clone)]
pub(crate) struct SegmentFile {
    pub path: PathBuf,
    pub first_lsn: Lsn,
}

/// Segment files of `dir`, sorted by first LSN. A missing directory is empty.
pub(crate) fn list_segments(fs: &dyn Fs, dir: &Path) -> Result<Vec<SegmentFile>> {
    let files = crate::fsutil::lsn_files(fs, dir, parse_segment_name)?;
    Ok(files
        .into_iter()
        .map(|(first_lsn, path)| SegmentFile { path, first_lsn })
        .collect())
}

/// Result of validating a whole directory.
pub(crate) struct Scan {
    pub files: Vec<SegmentFile>,
    /// Index of the first validated file (earlier ones are covered).
    pub start: usize,
    /// Parsed segments `files[start..]`, in order; parsing stops at the first
    /// damaged one.
    pub parsed: Vec<ParsedSegment>,
    /// Continuity break between `parsed.last()` and the next file.
    pub gap: Option<Corruption>,
    pub from_lsn: Lsn,
    /// Files named like segments that cannot be read (not in `files`).
    pub unreadable: Vec<Unreadable>,
}

impl Scan {
    /// Index of the first file that must not be used (after damage).
    pub fn first_unusable(&self) -> usize {
        self.start + self.parsed.len()
    }

    /// Build the read-only part of a report.
    pub fn report(&self, fs: &dyn Fs) -> RecoveryReport {
        let mut rep = RecoveryReport::default();
        let n = self.first_unusable();
        for (i, f) in self.files.iter().enumerate() {
            let p = i.checked_sub(self.start).and_then(|k| self.parsed.get(k));
            rep.segments.push(SegmentSummary {
                path: f.path.clone(),
                first_lsn: f.first_lsn,
                records: p.map_or(0, |p| p.records),
                last_lsn: p.and_then(|p| p.last_lsn),
                valid_len: p.map_or(0, |p| p.valid_len),
                file_len: p.map_or_else(|| file_len(fs, &f.path), |p| p.file_len),
                readable: p.is_some(),
                covered: i < self.start,
                problem: p.and_then(|p| p.problem.as_ref().map(|x| x.reason.clone())),
            });
            if let Some(p) = p {
                if let Some(prob) = &p.problem {
                    rep.dropped.push(DroppedBytes {
                        segment: f.path.clone(),
                        offset: prob.offset,
                        bytes: prob.nonzero_end.saturating_sub(prob.offset),
                        reason: prob.reason.clone(),
                        last_segment: i + 1 == self.files.len(),
                        saved_to: None,
                    });
                }
            }
        }
        let damage_lsn = self.parsed.last().map_or(1, |p| p.next_lsn());
        for (k, f) in self.files.iter().enumerate().skip(n) {
            let after_unreadable = self
                .unreadable
                .iter()
                .rfind(|u| u.in_range && u.first_lsn < f.first_lsn);
            let reason = match (&self.gap, k == n, after_unreadable) {
                (_, true, Some(u)) => Corruption::FollowsUnreadable {
                    path: u.path.clone(),
                },
                (Some(g), true, None) => g.clone(),
                _ => Corruption::FollowsDamage { at_lsn: damage_lsn },
            };
            rep.set_aside.push(SetAside {
                segment: f.path.clone(),
                first_lsn: f.first_lsn,
                reason,
                renamed_to: None,
            });
        }
        rep.first_lsn = self
            .parsed
            .iter()
            .find(|p| p.records > 0)
            .map(|p| p.first_lsn);
        rep.last_lsn = self.parsed.iter().rev().find_map(|p| p.last_lsn);
        rep.next_lsn = self.parsed.last().map_or(1, |p| p.next_lsn());
        if let Some(first) = self.parsed.first() {
            if first.first_lsn > self.from_lsn {
                rep.missing = Some(self.from_lsn..first.first_lsn);
            }
        }
        if n == self.files.len() {
            if let Some((p, f)) = self.parsed.last().zip(self.files.last()) {
                if let Some(declared) = p.cut() {
                    rep.cut = Some(Cut {
                        segment: f.path.clone(),
                        len: p.file_len,
                        declared,
                        last_lsn: p.last_lsn,
                    });
                }
            }
        }
        rep.unreadable = self.unreadable.clone();
        rep
    }
}

fn file_len(fs: &dyn Fs, path: &Path) -> u64 {
    fs.metadata(path).map(|m| m.len).unwrap_or(0)
}

/// Validate the segments of `dir` in LSN order, starting with the one that
/// holds `from_lsn` (earlier ones are covered and skipped), calling
/// `on_record` for each valid record. Fails with `FutureVersion` before
/// reading any record if any segment was written by a newer format.
pub(crate) fn scan<E, F>(
    fs: &dyn Fs,
    dir: &Path,
    from_lsn: Lsn,
    mut on_record: F,
) -> std::result::Result<Scan, E>
where
    E: From<Error>,
    F: FnMut(Lsn, &[u8], &RecordAt<'_>) -> std::result::Result<(), E>,
{
    let all = list_segments(fs, dir)?;
    // The segment holding `from_lsn`, among every file named like one (readable or not).
    let start_lsn = all
        .iter()
        .rev()
        .find(|f| f.first_lsn <= from_lsn)
        .map_or(0, |f| f.first_lsn);
    let mut files = Vec::with_capacity(all.len());
    let mut unreadable = Vec::new();
    for f in all {
        match check_not_future(fs, &f.path, f.first_lsn) {
            Ok(()) => files.push(f),
            Err(e) if e.is_future_version() => return Err(e.into()),
            Err(e) => unreadable.push(Unreadable {
                in_range: f.first_lsn >= start_lsn,
                // (narrowed below to the ones past the readable log)
                path: f.path,
                first_lsn: f.first_lsn,
                error: io_reason(&e),
                renamed_to: None,
            }),
        }
    }
    let start = files
        .iter()
        .rposition(|f| f.first_lsn <= from_lsn)
        .unwrap_or(0);
    let mut parsed: Vec<ParsedSegment> = Vec::with_capacity(files.len());
    let mut gap = None;
    for f in files.iter().skip(start) {
        if let Some(prev) = parsed.last() {
            let expected = prev.next_lsn();
            if f.first_lsn != expected {
                gap = Some(Corruption::Gap {
                    expected,
                    found: f.first_lsn,
                });
                break;
            }
        }
        let p = parse_segment(fs, &f.path, f.first_lsn, &mut on_record)?;
        let damaged = p.problem.is_some();
        parsed.push(p);
        if damaged {
            break;
        }
    }
    // One whose records the readable log holds all the same (named inside a readable segment's
    // range of records) loses nothing.
    for u in &mut unreadable {
        u.in_range &= !parsed
            .iter()
            .any(|p| p.first_lsn <= u.first_lsn && u.first_lsn < p.next_lsn());
    }
    Ok(Scan {
        files,
        start,
        parsed,
        gap,
        from_lsn,
        unreadable,
    })
}

/// Why a file could not be read, without the path (the report names it).
fn io_reason(e: &Error) -> String {
    match e {
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// A record as read back: its LSN and payload.
pub type Record = (Lsn, Vec<u8>);

/// Every valid record with LSN >= `from_lsn`, plus what a recovery would drop.
/// Does not modify anything (safe for `ccmux persistence inspect`).
pub fn read_from(dir: impl AsRef<Path>, from_lsn: Lsn) -> Result<(Vec<Record>, RecoveryReport)> {
    read_from_on(&StdFs, dir, from_lsn)
}

/// [`read_from`] on another filesystem.
pub fn read_from_on(
    fs: &dyn Fs,
    dir: impl AsRef<Path>,
    from_lsn: Lsn,
) -> Result<(Vec<Record>, RecoveryReport)> {
    let mut out = Vec::new();
    let report = for_each_from_on(fs, dir, from_lsn, |lsn, payload| {
        out.push((lsn, payload.to_vec()));
        Ok::<(), Error>(())
    })?;
    Ok((out, report))
}

/// Streaming variant of [`read_from`]: memory stays bounded by one record.
/// An error returned by `f` stops the scan and is returned.
pub fn for_each_from<E, F>(
    dir: impl AsRef<Path>,
    from_lsn: Lsn,
    f: F,
) -> std::result::Result<RecoveryReport, E>
where
    E: From<Error>,
    F: FnMut(Lsn, &[u8]) -> std::result::Result<(), E>,
{
    for_each_from_on(&StdFs, dir, from_lsn, f)
}

/// [`for_each_from`] on another filesystem.
pub fn for_each_from_on<E, F>(
    fs: &dyn Fs,
    dir: impl AsRef<Path>,
    from_lsn: Lsn,
    mut f: F,
) -> std::result::Result<RecoveryReport, E>
where
    E: From<Error>,
    F: FnMut(Lsn, &[u8]) -> std::result::Result<(), E>,
{
    for_each_at_from_on(fs, dir, from_lsn, |lsn, payload, _| f(lsn, payload))
}

/// [`for_each_from_on`] that also says where each record is (its segment and offset).
pub(crate) fn for_each_at_from_on<E, F>(
    fs: &dyn Fs,
    dir: impl AsRef<Path>,
    from_lsn: Lsn,
    mut f: F,
) -> std::result::Result<RecoveryReport, E>
where
    E: From<Error>,
    F: FnMut(Lsn, &[u8], &RecordAt<'_>) -> std::result::Result<(), E>,
{
    let scan = scan(fs, dir.as_ref(), from_lsn, |lsn, payload, at| {
        if lsn >= from_lsn {
            f(lsn, payload, at)
        } else {
            Ok(())
        }
    })?;
    Ok(scan.report(fs))
}

/// The segment file of `dir` that holds `lsn` (the last one starting at or before it), for messages.
pub fn segment_holding(dir: impl AsRef<Path>, lsn: Lsn) -> Option<PathBuf> {
    segment_holding_on(&StdFs, dir, lsn)
}

/// [`segment_holding`] on another filesystem.
pub fn segment_holding_on(fs: &dyn Fs, dir: impl AsRef<Path>, lsn: Lsn) -> Option<PathBuf> {
    let files = list_segments(fs, dir.as_ref()).ok()?;
    files
        .into_iter()
        .rev()
        .find(|f| f.first_lsn <= lsn)
        .map(|f| f.path)
}
