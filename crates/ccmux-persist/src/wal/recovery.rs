//! Crash recovery for the writer: apply what the scan found (cut torn tails,
//! keep dropped bytes aside, rename segments after mid-log damage).

use std::path::{Path, PathBuf};

use super::reader::{scan, RecoveryReport};
use super::segment::RecordAt;
use crate::error::{Error, IoContext, Result};
use crate::fs::{Fs, OpenMode};
use crate::fsutil::{aside_name, copy_range, sync_dir};
use crate::Lsn;

/// A usable segment left on disk after recovery.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub first_lsn: Lsn,
    pub path: PathBuf,
    /// Header plus valid records (file length for covered segments).
    pub len: u64,
    /// Its size on disk (preallocation included).
    pub on_disk: u64,
    /// Checked by this recovery (covered segments are not): only a
    /// validated segment may be appended to.
    pub validated: bool,
}

pub(crate) struct Recovered {
    pub report: RecoveryReport,
    /// Usable segments in LSN order (covered ones included); the last one
    /// becomes the active segment.
    pub segments: Vec<Seg>,
    pub next_lsn: Lsn,
}

/// A record seen while the log is validated (`OnRecord`): the caller replays it in the same pass.
pub type OnRecord<'a> = &'a mut dyn FnMut(Lsn, &[u8], &RecordAt<'_>) -> Result<()>;

/// Validate `dir` from `from_lsn` on and repair it so that appending can
/// continue: afterwards every listed segment is a clean prefix. Every valid
/// record from `from_lsn` on goes to `on_record` as it is validated (one pass
/// over the log for both); its error stops the recovery before anything is
/// modified.
pub(crate) fn recover(
    fs: &dyn Fs,
    dir: &Path,
    from_lsn: Lsn,
    on_record: OnRecord<'_>,
) -> Result<Recovered> {
    let scan = scan::<Error, _>(fs, dir, from_lsn, |lsn, payload, at| {
        if lsn >= from_lsn {
            on_record(lsn, payload, at)
        } else {
            Ok(())
        }
    })?;
    let mut report = scan.report(fs);
    let unusable = scan.first_unusable();

    // 1. Segments after damage: keep them, under another name. So are files named like segments
    //    that cannot be read, where a new segment could need their name (never deleted, never
    //    opened for writing, never chmod-ed: only renamed within the directory).
    let mut renamed = false;
    for (k, f) in scan.files.iter().enumerate().skip(unusable) {
        let to = aside_name(fs, &f.path, "");
        fs.rename(&f.path, &to).ctx("rename aside", &f.path)?;
        renamed = true;
        if let Some(s) = report.set_aside.get_mut(k - unusable) {
            s.renamed_to = Some(to);
        }
    }
    for u in report.unreadable.iter_mut().filter(|u| u.in_range) {
        let to = aside_name(fs, &u.path, "");
        fs.rename(&u.path, &to).ctx("rename aside", &u.path)?;
        renamed = true;
        u.renamed_to = Some(to);
    }
    if renamed {
        sync_dir(fs, dir)?;
    }

    let mut segments: Vec<Seg> = scan.files[..scan.start]
        .iter()
        .map(|f| {
            let len = fs.metadata(&f.path).map(|m| m.len).unwrap_or(0);
            Seg {
                first_lsn: f.first_lsn,
                path: f.path.clone(),
                len,
                on_disk: len,
                validated: false,
            }
        })
        .collect();

    // 2. The damaged segment (only the last parsed one can be): save the
    //    dropped bytes, then cut it to its valid prefix (or remove it when
    //    not even the header is usable).
    for (i, p) in scan.parsed.iter().enumerate() {
        let path = &scan.files[scan.start + i].path;
        if let Some(prob) = &p.problem {
            if prob.nonzero_end > prob.offset {
                let to = aside_name(fs, path, &format!(".tail-{}", prob.offset));
                copy_range(fs, path, prob.offset, prob.nonzero_end, &to)?;
                sync_dir(fs, dir)?;
                if let Some(d) = report.dropped.iter_mut().find(|d| &d.segment == path) {
                    d.saved_to = Some(to);
                }
            }
            if p.valid_len == 0 {
                fs.remove_file(path).ctx("remove", path)?;
                sync_dir(fs, dir)?;
                continue;
            }
            cut_tail(fs, path, p, prob.nonzero_end)?;
        }
        segments.push(Seg {
            first_lsn: p.first_lsn,
            path: path.clone(),
            len: p.valid_len,
            on_disk: fs.metadata(path).map_or(p.file_len, |m| m.len),
            validated: true,
        });
    }

    log_report(&report);
    let next_lsn = report.next_lsn;
    Ok(Recovered {
        report,
        segments,
        next_lsn,
    })
}

/// Drops a segment's bytes after its valid prefix. A v2 segment keeps the length it declares (the
/// dropped bytes within it are overwritten with zeros, the end marker), so that it never looks cut;
/// a v1 segment, or bytes past the declared length, are truncated away.
fn cut_tail(
    fs: &dyn Fs,
    path: &Path,
    p: &super::segment::ParsedSegment,
    nonzero_end: u64,
) -> Result<()> {
    let f = fs.open(path, OpenMode::Write).ctx("open segment", path)?;
    let declared = p.header.map_or(0, |h| h.declared_len);
    if p.valid_len < declared {
        let end = nonzero_end.min(declared);
        let mut at = p.valid_len;
        let zeros = vec![0u8; 64 * 1024];
        while at < end {
            let n = (end - at).min(zeros.len() as u64) as usize;
            f.write_all_at(zeros.get(..n).unwrap_or_default(), at)
                .ctx("zero the tail of segment", path)?;
            at += n as u64;
        }
        if p.file_len > declared {
            f.set_len(declared).ctx("truncate segment", path)?;
        }
    } else {
        f.set_len(p.valid_len).ctx("truncate segment", path)?;
    }
    f.sync_all().ctx("fsync segment", path)
}

fn log_report(report: &RecoveryReport) {
    if report.mid_log_corruption() {
        tracing::error!(%report, "WAL recovery found corruption in the middle of the log; later data was set aside");
    } else if report.lost_records() {
        tracing::error!(%report, "WAL recovery found records missing");
    } else if !report.is_clean() {
        tracing::warn!(%report, "WAL recovery cut a torn tail");
    } else {
        tracing::info!(%report, "WAL recovered");
    }
    if let Some(m) = &report.missing {
        tracing::error!(
            from = m.start,
            to = m.end,
            "WAL records missing before the first segment"
        );
    }
}
